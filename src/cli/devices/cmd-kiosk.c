/* entrada kiosk: the self check-in app (src/kiosk). In entrada-devices only. */
#include "cli.h"

#include "entrada/kiosk.h"

#include <stdio.h>
#include <stdlib.h>
#include <sysexits.h>

int cmd_kiosk(struct cli *cli)
{
    int width = 0, height = 0;
    const char *size = cli_get(cli, "size");
    if (size && !(sscanf(size, "%dx%d", &width, &height) == 2 && width >= 320 && height >= 240 &&
                  width <= 7680 && height <= 4320))
        return cli_usage_error(cli, "--size is WxH, from 320x240 to 7680x4320");
    char *db = cli_db_path(cli);
    cli_make_parents(db);
    struct kiosk_options opt = {
        .cfg = cli->cfg,
        .config_path = cli->config_path,
        .db_path = db,
        .windowed = cli_has(cli, "windowed"),
        .width = width,
        .height = height,
        .script = cli_get(cli, "script"),
        .latency = cli_has(cli, "latency"),
        .camera = cli_get(cli, "camera"),
    };
    char *why = NULL;
    int rc = kiosk_run(&opt, &why);
    free(db);
    return rc >= 0 ? rc : cli_fail(EX_UNAVAILABLE, why);
}
