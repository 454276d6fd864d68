#ifndef NEWSINGEST_CZLIB_SHIM_H
#define NEWSINGEST_CZLIB_SHIM_H
#include <zlib.h>
#endif
