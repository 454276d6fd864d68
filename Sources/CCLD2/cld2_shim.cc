// A C face for CLD2's C++ API, so Swift can call it.
#include "ccld2.h"

#include <cstdio>
#include <cld2/public/compact_lang_det.h>
#include <cld2/public/encodings.h>
#include <cstring>

extern "C" void ni_cld2_detect(const char *utf8, int length,
                               const char *content_language_hint,
                               const char *tld_hint,
                               ni_cld2_result *result) {
    std::memset(result, 0, sizeof(*result));
    CLD2::CLDHints hints = {content_language_hint, tld_hint, CLD2::UNKNOWN_ENCODING,
                            CLD2::UNKNOWN_LANGUAGE};
    CLD2::Language language3[3];
    int percent3[3];
    double scores3[3];
    int text_bytes = 0;
    bool reliable = false;
    int valid_prefix = 0;
    CLD2::ExtDetectLanguageSummaryCheckUTF8(utf8, length, true, &hints, 0, language3, percent3,
                                            scores3, nullptr, &text_bytes, &reliable,
                                            &valid_prefix);
    result->valid_utf8 = valid_prefix >= length ? 1 : 0;
    result->is_reliable = reliable ? 1 : 0;
    result->text_bytes = text_bytes;
    for (int i = 0; i < 3; i++) {
        const char *code = CLD2::LanguageCode(language3[i]);
        std::strncpy(result->top[i].code, code ? code : "un", sizeof(result->top[i].code) - 1);
        result->top[i].percent = percent3[i];
        result->top[i].normalized_score = scores3[i];
    }
}
