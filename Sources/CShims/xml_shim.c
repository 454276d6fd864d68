#include "cshims.h"

#include <libxml/xmlerror.h>

void ni_xml_free(void *pointer) {
    if (pointer) xmlFree(pointer);
}

static void ni_xml_ignore_generic(void *ctx, const char *msg, ...) {
    (void)ctx;
    (void)msg;
}

static void ni_xml_ignore_structured(void *ctx, xmlErrorPtr error) {
    (void)ctx;
    (void)error;
}

void ni_xml_silence_errors(void) {
    xmlSetGenericErrorFunc(NULL, ni_xml_ignore_generic);
    xmlSetStructuredErrorFunc(NULL, ni_xml_ignore_structured);
}
