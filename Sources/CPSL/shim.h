#ifndef NEWSINGEST_CPSL_SHIM_H
#define NEWSINGEST_CPSL_SHIM_H
#include <libpsl.h>
#endif
