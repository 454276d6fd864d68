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
    int count = 0;
    ni_cld2_detect_chunks(utf8, length, content_language_hint, tld_hint, result, nullptr, 0, &count);
}

extern "C" void ni_cld2_detect_chunks(const char *utf8, int length,
                                      const char *content_language_hint,
                                      const char *tld_hint,
                                      ni_cld2_result *result,
                                      ni_cld2_chunk *chunks, int capacity, int *chunk_count) {
    *chunk_count = 0;
    std::memset(result, 0, sizeof(*result));
    CLD2::CLDHints hints = {content_language_hint, tld_hint, CLD2::UNKNOWN_ENCODING,
                            CLD2::UNKNOWN_LANGUAGE};
    CLD2::Language language3[3];
    int percent3[3];
    double scores3[3];
    int text_bytes = 0;
    bool reliable = false;
    int valid_prefix = 0;
    CLD2::ResultChunkVector vector;
    CLD2::ExtDetectLanguageSummaryCheckUTF8(utf8, length, true, &hints, 0, language3, percent3,
                                            scores3, chunks ? &vector : nullptr, &text_bytes,
                                            &reliable, &valid_prefix);
    if (chunks) {
        int n = 0;
        for (const CLD2::ResultChunk &chunk : vector) {
            if (n >= capacity) break;
            chunks[n].offset = chunk.offset;
            chunks[n].bytes = chunk.bytes;
            const char *code = CLD2::LanguageCode(static_cast<CLD2::Language>(chunk.lang1));
            std::memset(chunks[n].code, 0, sizeof(chunks[n].code));
            std::strncpy(chunks[n].code, code ? code : "un", sizeof(chunks[n].code) - 1);
            n++;
        }
        *chunk_count = n;
    }
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
