/* heartsound command line: dispatches to one function per command. */
#include <string.h>
#include "cli.h"

static const struct { const char *name; int (*run)(int, char **); const char *what; } commands[] = {
    {"info", cmd_info, "print a WAV file's format as JSON"},
    {"features", cmd_features, "compute log-mel features of a WAV file into a .npy"},
    {"classify", cmd_classify, "classify recordings as normal / abnormal (JSON lines)"},
    {"eval", cmd_eval, "score a model on labelled folders (REFERENCE.csv)"},
    {"train", cmd_train, "train the CNN (cross-validation, reports, model file)"},
    {"quantize", cmd_quantize, "post-training int8 quantisation of a CNN model file"},
    {"convert-yamnet", cmd_convert_yamnet, "convert Google's YAMNet .tflite into a .hsm backbone"},
    {"yamnet-scores", cmd_yamnet_scores, "YAMNet's 521 AudioSet scores of raw 16 kHz float32 samples"},
    {"train-yamnet", cmd_train_yamnet, "train heads on cached YAMNet embeddings (CV, LOSO, model file)"},
    {"fuse", cmd_fuse, "late fusion of two models' out-of-fold record predictions (CSV)"},
};

static void usage(FILE *f) {
    fprintf(f, "usage: heartsound COMMAND [options]   (heartsound COMMAND --help for details)\n\ncommands:\n");
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        fprintf(f, "  %-10s %s\n", commands[i].name, commands[i].what);
}

int main(int argc, char **argv) {
    if (argc < 2) { usage(stderr); return HS_EXIT_USAGE; }
    if (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help") || !strcmp(argv[1], "help")) {
        usage(stdout);
        return 0;
    }
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        if (!strcmp(argv[1], commands[i].name)) return commands[i].run(argc - 1, argv + 1);
    fprintf(stderr, "heartsound: unknown command '%s'\n", argv[1]);
    usage(stderr);
    return HS_EXIT_USAGE;
}
