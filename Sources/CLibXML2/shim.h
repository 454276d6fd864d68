#ifndef NEWSINGEST_CLIBXML2_SHIM_H
#define NEWSINGEST_CLIBXML2_SHIM_H
// Debian's libxml2 is built with ICU; its headers then include unicode/*.h, whose
// UErrorCode clashes with Foundation's bundled ICU module on a clean build.
// Nothing here needs libxml2's ICU API, so switch it off before any other header.
#include <libxml/xmlversion.h>
#undef LIBXML_ICU_ENABLED
#include <libxml/parser.h>
#include <libxml/HTMLparser.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>
#include <libxml/xmlmemory.h>
#endif
