/* Staff PIN hashes. */
#include "check.h"
#include "entrada/pin.h"

int main(void)
{
    char *a = pin_hash("2468"), *b = pin_hash("2468");
    CHECK(strncmp(a, "pbkdf2-sha256$20000$", 20) == 0);
    CHECK(strcmp(a, b) != 0); /* salted */
    CHECK(pin_valid_hash(a));
    CHECK(pin_check("2468", a) && pin_check("2468", b));
    CHECK(!pin_check("2469", a));
    CHECK(!pin_check("", a));
    CHECK(!pin_check("24680", a));
    /* Malformed stored values never match. */
    CHECK(!pin_check("2468", "2468"));
    CHECK(!pin_check("2468", ""));
    CHECK(!pin_valid_hash("pbkdf2-sha256$20000$zz$00"));
    CHECK(!pin_valid_hash("pbkdf2-sha256$5$00000000000000000000000000000000$"
                          "0000000000000000000000000000000000000000000000000000000000000000"));
    char truncated[200];
    snprintf(truncated, sizeof truncated, "%.*s", (int)strlen(a) - 2, a);
    CHECK(!pin_valid_hash(truncated) && !pin_check("2468", truncated));
    free(a);
    free(b);
    return check_done("test_pin");
}
