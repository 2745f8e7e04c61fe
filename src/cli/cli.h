/* Shared helpers of the heartsound command line: one file per command (cmd_*.c). */
#ifndef HS_CLI_H
#define HS_CLI_H
#include <stdint.h>
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

/* Where models and weights are (model_paths.c: the environment variables and defaults). */
const char *cli_model_dir(void);   /* $HEARTSOUND_MODEL_DIR, else the source tree's models/ */
const char *cli_weights_dir(void); /* $HEARTSOUND_WEIGHTS, else ../shared/weights */
const char *cli_yamnet_engine(void); /* $HS_YAMNET_ENGINE, else NULL (the library's default) */
/* --model argument -> model file: NULL or "cnn" = the shipped CNN, "yamnet" = the shipped YAMNet file (backbone
 * and head), else
 * the argument itself. *path is valid until the next call. Returns 0. */
int cli_model_path(const char *arg, const char **path);
/* The YAMNet backbone as .hsm bytes (malloc'd, caller frees): explicit_path (a .tflite or .hsm), else
 * $HEARTSOUND_YAMNET, else $HEARTSOUND_WEIGHTS/yamnet/yamnet-int8-fixed15600.tflite, else the model dir's
 * yamnet.hsm. 0, or an exit status after a stderr line. */
int cli_yamnet_backbone(const char *explicit_path, uint8_t **hsm, size_t *len);
/* Load a classifier from a model file (a YAMNet head gets its backbone as above; HS_YAMNET_ENGINE picks
 * the engine); on failure one stderr line naming the model, returns HS_EXIT_BAD_INPUT. */
int cli_load_model(const char *path, hs_classifier **c);
/* Decode + classify one WAV file; *r is filled on HS_OK (caller frees with hs_result_free). */
hs_status cli_classify_file(hs_classifier *c, const char *file, hs_result *r, double *duration_s);
#endif
