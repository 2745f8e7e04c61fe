/* Shared helpers of the heartsound command line: one file per command (cmd_*.c). */
#ifndef HS_CLI_H
#define HS_CLI_H
#include <stdio.h>
#include "heartsound.h"

/* Each command: argv[0] is the command name. Returns the process exit status
 * (0 ok, 1 usage error, 2 bad input). */
int cmd_info(int argc, char **argv);
int cmd_features(int argc, char **argv);
int cmd_classify(int argc, char **argv);
int cmd_eval(int argc, char **argv);
int cmd_train(int argc, char **argv);
int cmd_quantize(int argc, char **argv);
int cmd_convert_yamnet(int argc, char **argv);
int cmd_train_yamnet(int argc, char **argv);
int cmd_yamnet_scores(int argc, char **argv);
int cmd_fuse(int argc, char **argv);

/* Exit status for bad input (unreadable/malformed file, bad model). */
#define HS_EXIT_BAD_INPUT 2
#define HS_EXIT_USAGE 1

/* "heartsound: FILE: message" on stderr, one line. Returns HS_EXIT_BAD_INPUT. */
int cli_fail(const char *file, const char *fmt, ...);

/* Write s as a JSON string literal (quotes included, escaped). */
void cli_json_string(FILE *f, const char *s);

/* 1 if argv has -h or --help. */
int cli_wants_help(int argc, char **argv);

/* Shared by classify and eval (defined in cmd_classify.c). --model argument -> model path for
 * hs_classifier_load_file (NULL = the shipped CNN; "yamnet" is reserved): 0, or an exit status after a
 * stderr line. */
int cli_model_path(const char *arg, const char **path);
/* Load a classifier; on failure one stderr line naming the model, returns HS_EXIT_BAD_INPUT. */
int cli_load_model(const char *path, hs_classifier **c);
/* Decode + classify one WAV file; *r is filled on HS_OK (caller frees with hs_result_free). */
hs_status cli_classify_file(hs_classifier *c, const char *file, hs_result *r, double *duration_s);
#endif
