#ifndef NEWSINGEST_CPOSTGRESQL_SHIM_H
#define NEWSINGEST_CPOSTGRESQL_SHIM_H
#include <libpq-fe.h>
#endif
