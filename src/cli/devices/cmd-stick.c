/*
 * The commands that write exports and sync with a USB stick, as the
 * kiosk does (drop.c). In entrada-devices only: the exports draw a chart.
 */
#include "cli.h"

#include "entrada/drop.h"
#include "entrada/key.h"

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
    char *notice = NULL;
    if (!key_enrol_configured(st, cli->cfg, &notice, &why))
        return cli_fail(EX_DATAERR, why);
    if (notice)
        printf("%s\n", notice);
    free(notice);
    struct key key;
    int signed_by = key_enrolled(st, &key, &why);
    explicit_bzero(&key, sizeof key);
    if (signed_by < 0 || !drop_export(st, cli->cfg, dir, &why))
        return cli_fail(EX_IOERR, why);
    printf("wrote %s/attendance.xlsx, attendance.csv, checkins.csv, counts.csv, codes.csv, "
           "attendance.png, journal.csv%s\n",
           dir, signed_by ? ", journal.sig" : " (not signed: no event key)");
    return EX_OK;
}

int cmd_drop(struct cli *cli)
{
    char *why = NULL, *id = cli_identity(cli, &why);
    if (id == NULL)
        return cli_fail(EX_IOERR, why);
    char *path = cli_db_path(cli), *work = drop_work_dir(path);
    /* Whoever runs entrada on the kiosk is staff: a stick's event key may be enrolled. */
    struct drop_options opt = { .cfg = cli->cfg, .kiosk_id = id, .staff = true, .work_dir = work };
    struct drop_report rep;
    bool ok = drop_run(cli->store, cli->argv[0], &opt, &rep);
    if (rep.imported)
        printf("list: %s: %u rows, %u added, %u updated, %u cancelled\n", rep.list, rep.import.rows,
               rep.import.added, rep.import.updated, rep.import.cancelled);
    else if (rep.taken) /* some came in, some were refused */
        printf("list: %u of the %u lists imported (%u row%s, %u added, %u updated, %u "
               "cancelled), the others refused (below)\n",
               rep.taken, rep.lists, rep.import.rows, rep.import.rows == 1 ? "" : "s",
               rep.import.added, rep.import.updated, rep.import.cancelled);
    else if (rep.refused)
        printf("list: not imported (below)\n");
    else
        printf("list: none on the stick\n");
    if (rep.enrolled[0])
        printf("event key %s enrolled\n", rep.enrolled);
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
