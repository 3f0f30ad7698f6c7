/* entrada doctor: what is wrong with this kiosk, one line a check (doctor.h). */
#include "cli.h"

#include "entrada/doctor.h"

#include <stdio.h>
#include <stdlib.h>

static void handle_line(void *ctx, const struct doctor_line *line)
{
    (void)ctx;
    printf("%-4s  %-8s %s\n", doctor_level_name(line->level), line->check, line->text);
    fflush(stdout);
}

int cmd_doctor(struct cli *cli)
{
    struct config *cfg = config_create();
    char *config_error = NULL;
    if (cli->config_path && !config_load(cfg, cli->config_path, &config_error)) {
        config_destroy(cfg);
        cfg = config_create(); /* the checks go on with the defaults */
    }
    char *db = cli->db_override ? NULL : config_db_path(cfg);
    struct doctor_options opt = {
        .cfg = cfg,
        .config_path = cli->config_path,
        .config_error = config_error,
        .db_path = db ? db : cli->db_override,
        .camera = cli_get(cli, "camera"),
        .print_test = cli_has(cli, "print-test"),
    };
    int failed = doctor_run(&opt, handle_line, NULL);
    free(config_error);
    free(db);
    config_destroy(cfg);
    return failed > 0 ? 1 : 0;
}
