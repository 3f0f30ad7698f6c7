/* Reading kiosk scripts. */
#include "check.h"
#include "script.h"

int main(void)
{
    const char *dir = check_tmpdir();
    char *why = NULL;
    char *path = check_write(dir, "walk.txt",
                             "# a walk\n"
                             "\n"
                             "scan RMC-UZWH279L\n"
                             "scan bad\\x01code\\\\\n"
                             "type san cue\n"
                             "key Return\n"
                             "tap 640 684\n"
                             "tap 50% 85%\n"
                             "hold 10 10 2200\n"
                             "wait 300\n"
                             "shot idle.png\n"
                             "shot /tmp/elsewhere.png\n"
                             "texts idle.tsv\n"
                             "quit\n",
                             0);
    struct script *s = script_load(path, &why);
    CHECK(s != NULL);
    const struct script_step *st = script_next(s);
    CHECK(st && st->op == SCRIPT_SCAN && st->line == 3);
    CHECK_STR(st->text, "RMC-UZWH279L");
    st = script_next(s);
    CHECK_STR(st->text, "bad\x01"
                        "code\\");
    st = script_next(s);
    CHECK(st->op == SCRIPT_TYPE);
    CHECK_STR(st->text, "san cue");
    st = script_next(s);
    CHECK(st->op == SCRIPT_KEY);
    CHECK_STR(st->text, "Return");
    st = script_next(s);
    CHECK(st->op == SCRIPT_TAP && st->x == 640 && st->y == 684 && !st->x_percent);
    st = script_next(s);
    CHECK(st->op == SCRIPT_TAP && st->x == 50 && st->y == 85 && st->x_percent && st->y_percent);
    st = script_next(s);
    CHECK(st->op == SCRIPT_HOLD && st->x == 10 && st->ms == 2200);
    st = script_next(s);
    CHECK(st->op == SCRIPT_WAIT && st->ms == 300);
    st = script_next(s);
    char want[512];
    snprintf(want, sizeof want, "%s/idle.png", dir);
    CHECK(st->op == SCRIPT_SHOT);
    CHECK_STR(st->text, want);
    st = script_next(s);
    CHECK_STR(st->text, "/tmp/elsewhere.png");
    st = script_next(s);
    snprintf(want, sizeof want, "%s/idle.tsv", dir); /* beside the script, as a shot */
    CHECK(st->op == SCRIPT_TEXTS);
    CHECK_STR(st->text, want);
    st = script_next(s);
    CHECK(st->op == SCRIPT_QUIT);
    CHECK(script_next(s) == NULL);
    script_free(s);

    const char *bad[] = { "fly away\n", "tap 1\n",       "tap 1 2 3\n", "wait -5\n",
                          "scan\n",     "tap 120% 5%\n", "hold 1 2\n",  "texts\n" };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        char text[64];
        snprintf(text, sizeof text, "wait 1\n%s", bad[i]);
        free(path);
        path = check_write(dir, "bad.txt", text, 0);
        CHECK(script_load(path, &why) == NULL);
        CHECK_WHY(why, "bad.txt:2: expected scan CODE");
    }
    CHECK(script_load("/nonexistent/walk.txt", &why) == NULL);
    CHECK_WHY(why, "/nonexistent/walk.txt");
    free(path);
    check_rmtree(dir);
    return check_done("test_script");
}
