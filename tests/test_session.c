/* Session names. */
#include "check.h"
#include "entrada/session.h"

int main(void)
{
    CHECK(session_name_valid("main"));
    CHECK(session_name_valid("roundtable"));
    CHECK(session_name_valid("day-2_am"));
    CHECK(session_name_valid("12345678901234567890123456789012")); /* 32 */
    CHECK(!session_name_valid("123456789012345678901234567890123"));
    CHECK(!session_name_valid(""));
    CHECK(!session_name_valid("Main"));
    CHECK(!session_name_valid("a b"));
    CHECK(!session_name_valid("../x"));
    CHECK(!session_name_valid("caf\xc3\xa9"));
    return check_done("test_session");
}
