#ifndef NEWSINGEST_CUCHARDET_SHIM_H
#define NEWSINGEST_CUCHARDET_SHIM_H
#include <uchardet/uchardet.h>
#endif
