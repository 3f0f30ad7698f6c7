/*
 * The commands that write exports and sync with a USB stick, as the
 * kiosk does (drop.c). In entrada-devices only: the exports draw a chart.
 */
#include "cli.h"

#include "entrada/drop.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sysexits.h>

int cmd_export(struct cli *cli)
{
    const char *dir = cli->argv[0];
    if (mkdir(dir, 0755) != 0 && errno != EEXIST) {
        fprintf(stderr, "entrada: %s: %s\n", dir, strerror(errno));
        return EX_CANTCREAT;
    }
    char *why = NULL;
    struct store *st = cli_store(cli, &why);
    if (st == NULL)
        return cli_fail(EX_IOERR, why);
    if (!drop_export(st, cli->cfg, dir, &why))
        return cli_fail(EX_IOERR, why);
    printf("wrote %s/checkins.csv, attendance.csv, counts.csv, attendance.png, journal.csv\n", dir);
    return EX_OK;
}

int cmd_drop(struct cli *cli)
{
    char *path = cli_db_path(cli), *id = config_kiosk_id(cli->cfg), *work = drop_work_dir(path);
    struct drop_options opt = { .cfg = cli->cfg, .kiosk_id = id, .work_dir = work };
    struct drop_report rep;
    bool ok = drop_run(cli->store, cli->argv[0], &opt, &rep);
    if (rep.imported)
        printf("list: %s: %u rows, %u added, %u updated, %u cancelled\n", rep.list, rep.import.rows,
               rep.import.added, rep.import.updated, rep.import.cancelled);
    else if (rep.refused)
        printf("list: not imported\n");
    else
        printf("list: none on the stick\n");
    printf("journals: %u merged, %u new check-ins\n", rep.journals, rep.events);
    if (rep.exported[0])
        printf("exports: %s\n", rep.exported);
    if (rep.problems)
        fprintf(stderr, "%s", rep.problems);
    printf("safe to remove\n");
    drop_report_clear(&rep);
    free(path);
    free(id);
    free(work);
    return ok ? EX_OK : EX_DATAERR;
}
