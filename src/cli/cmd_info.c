/* heartsound info FILE...: the format of each WAV file as one JSON line (header parse only, no
 * decoding), so that a user can see why a recording is refused or how it will be read. */
#include <errno.h>
#include <string.h>
#include "cli.h"

static void usage(FILE *f) {
    fprintf(f, "usage: heartsound info FILE.wav [FILE.wav ...]\n\n"
               "Prints one JSON object per file on stdout: file, sample_rate, channels, bits, format\n"
               "(pcm/float/alaw/mulaw), extensible, frames, frames_declared, duration_s, truncated.\n"
               "A file that cannot be read gives one line on stderr and exit status 2.\n");
}

static void print_info(const char *path, const hs_wav_info *in) {
    printf("{\"file\":");
    cli_json_string(stdout, path);
    printf(",\"sample_rate\":%d,\"channels\":%d,\"bits\":%d,\"format\":\"%s\",\"extensible\":%s,"
           "\"frames\":%llu,\"frames_declared\":%llu,\"duration_s\":%.6f,\"truncated\":%s}\n",
           in->sample_rate, in->channels, in->bits, in->format_name, in->extensible ? "true" : "false",
           (unsigned long long)in->frames, (unsigned long long)in->frames_declared, in->duration_s,
           in->truncated ? "true" : "false");
}

int cmd_info(int argc, char **argv) {
    if (cli_wants_help(argc, argv)) { usage(stdout); return 0; }
    int files = 0, rc = 0;
    for (int i = 1; i < argc && strcmp(argv[i], "--"); i++) {
        if (argv[i][0] == '-' && argv[i][1]) {
            fprintf(stderr, "heartsound: info: unknown option '%s'\n", argv[i]);
            usage(stderr);
            return HS_EXIT_USAGE;
        }
    }
    int after_dashes = 0;
    for (int i = 1; i < argc; i++) {
        if (!after_dashes && !strcmp(argv[i], "--")) { after_dashes = 1; continue; }
        files++;
        hs_wav_info in;
        errno = 0;
        hs_status st = hs_wav_read_file(argv[i], NULL, &in);
        if (st == HS_ERR_IO && errno) rc = cli_fail(argv[i], "%s (%s)", hs_status_string(st), strerror(errno));
        else if (st != HS_OK) rc = cli_fail(argv[i], "%s", hs_status_string(st));
        else print_info(argv[i], &in);
        fflush(stdout);
    }
    if (!files) { usage(stderr); return HS_EXIT_USAGE; }
    return rc;
}
