/* heartsound train: placeholder until its issue lands (prints that it is missing). */
#include "cli.h"

int cmd_train(int argc, char **argv) {
    (void)argc;
    fprintf(stderr, "heartsound: %s: not built yet\n", argv[0]);
    return HS_EXIT_USAGE;
}
