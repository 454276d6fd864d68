#ifndef NEWSINGEST_CSQLITE_SHIM_H
#define NEWSINGEST_CSQLITE_SHIM_H
#include <sqlite3.h>
#endif
