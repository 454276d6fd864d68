/* The floor of the speed benchmark: what libxml2's own parse of the pages costs, as a whole
 * process (start-up, reading each file, htmlReadMemory, xmlFreeDoc), with the options
 * NewsIngest parses with. Built by Tests/Scripts/speed_bench.py with Debian's libxml2.
 *
 *   parse_only DIR       parses every regular file in DIR, prints "files=N bytes=B"
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <libxml/HTMLparser.h>

static int read_file(const char *path, char **data, long *size) {
    FILE *f = fopen(path, "rb");
    if (!f) return -1;
    if (fseek(f, 0, SEEK_END) != 0) { fclose(f); return -1; }
    *size = ftell(f);
    rewind(f);
    *data = malloc(*size > 0 ? (size_t)*size : 1);
    if (!*data) { fclose(f); return -1; }
    size_t got = fread(*data, 1, (size_t)*size, f);
    fclose(f);
    if ((long)got != *size) { free(*data); return -1; }
    return 0;
}

int main(int argc, char **argv) {
    if (argc != 2) { fprintf(stderr, "usage: parse_only DIR\n"); return 64; }
    DIR *dir = opendir(argv[1]);
    if (!dir) { perror(argv[1]); return 66; }
    int options = HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_NONET
                  | HTML_PARSE_COMPACT | HTML_PARSE_IGNORE_ENC;
    long files = 0, bytes = 0;
    struct dirent *entry;
    char path[4096];
    while ((entry = readdir(dir)) != NULL) {
        if (entry->d_name[0] == '.') continue;
        snprintf(path, sizeof path, "%s/%s", argv[1], entry->d_name);
        char *data;
        long size;
        if (read_file(path, &data, &size) != 0) continue;
        htmlDocPtr doc = htmlReadMemory(data, (int)size, NULL, "UTF-8", options);
        if (doc) xmlFreeDoc(doc);
        free(data);
        files++;
        bytes += size;
    }
    closedir(dir);
    printf("files=%ld bytes=%ld\n", files, bytes);
    return 0;
}
