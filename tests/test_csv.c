/* The CSV reader and separator sniffing. */
#include "check.h"
#include "entrada/csv.h"

/* Read all of text with sep; returns rows as "a|b|c" lines joined by "\n", or "ERR: why". */
static char *read_all(const char *text, char sep)
{
    struct csv_reader *r = csv_open(text, strlen(text), sep);
    struct csv_row row;
    char *why = NULL;
    static char out[4096];
    out[0] = '\0';
    int rc;
    while ((rc = csv_read(r, &row, &why)) == 1) {
        char line[16];
        snprintf(line, sizeof line, "%u:", row.line);
        strcat(out, line);
        for (size_t i = 0; i < row.n; i++) {
            if (i)
                strcat(out, "|");
            strcat(out, row.field[i]);
            CHECK(strlen(row.field[i]) == row.len[i]);
        }
        strcat(out, "\n");
    }
    if (rc < 0) {
        snprintf(out, sizeof out, "ERR: %s", why);
        free(why);
    }
    csv_close(r);
    return out;
}

static void test_rfc4180(void)
{
    CHECK_STR(read_all("a,b\n1,2\n", ','), "1:a|b\n2:1|2\n");
    CHECK_STR(read_all("a,b\r\n1,2", ','), "1:a|b\n2:1|2\n");
    CHECK_STR(read_all("a,b\r1,2\n3,4\r\n5,6", ','), "1:a|b\n2:1|2\n3:3|4\n4:5|6\n");
    CHECK_STR(read_all("\"x, y\",\"he said \"\"hi\"\"\"\n", ','), "1:x, y|he said \"hi\"\n");
    CHECK_STR(read_all("\"two\nlines\",b\nnext,row\n", ','), "1:two\nlines|b\n3:next|row\n");
    CHECK_STR(read_all("\"two\r\nlines\",b\r\nnext,row\r\n", ','),
              "1:two\r\nlines|b\n3:next|row\n");
    CHECK_STR(read_all("a,,c,\n", ','), "1:a||c|\n");
    CHECK_STR(read_all("\"\",\"\"\n1,2\n", ','), "2:1|2\n"); /* a row of nothing is skipped */
    CHECK_STR(read_all("a\n\n   \n\t,\nb\n", ','), "1:a\n5:b\n");
    CHECK_STR(read_all("37.8\"N,x\n", ','), "1:37.8\"N|x\n"); /* quote inside a bare field */
    CHECK_STR(read_all(" \"padded\" ;x\n", ';'), "1:padded|x\n");
    /* Excel's sep= line is not a row, but counts as a line. */
    CHECK_STR(read_all("sep=;\r\na;b\r\n1;2\r\n", ';'), "2:a|b\n3:1|2\n");
}

static void test_errors(void)
{
    CHECK_STR(read_all("a,b\n1,\"open\n2,3\n", ','),
              "ERR: line 2: quoted field is never closed (no matching \")");
    char *got = read_all("a,b\n\"12\"x,2\n", ',');
    CHECK(strstr(got, "ERR: line 2: unexpected text after a closing quote") == got);

    size_t big = CSV_FIELD_MAX + 10;
    char *text = malloc(big + 16);
    strcpy(text, "a\n");
    memset(text + 2, 'x', big);
    strcpy(text + 2 + big, "\n");
    CHECK_STR(read_all(text, ','), "ERR: line 2: field longer than 64 KiB");
    text[2] = '"';
    text[big] = '"';
    CHECK_STR(read_all(text, ','), "ERR: line 2: field longer than 64 KiB");
    free(text);
}

static char sniff(const char *text, char **why)
{
    return csv_sniff(text, strlen(text), why);
}

static void test_sniff(void)
{
    char *why = NULL;
    CHECK(sniff("a,b,c\n1,2,3\n", &why) == ',');
    CHECK(sniff("Nombre;Apellidos;Empresa\nAna;López, Ruiz;X\n", &why) == ';');
    CHECK(sniff("a\tb\n1\t2\n", &why) == '\t');
    CHECK(sniff("a|b|c\n1|2|3\n", &why) == '|');
    CHECK(sniff("\"a;b\",c\n\"1;2\",3\n", &why) == ',');
    CHECK(sniff("sep=;\r\na,b;c\n", &why) == ';');
    CHECK(sniff("sep=|\na|b\n", &why) == '|');
    CHECK(sniff("only\n1\n", &why) == ',');
    /* Names with commas in a semicolon file: the consistent split wins. */
    CHECK(sniff("name;org\nCuesta, S.;A\nKatainen, J.;B\nNowak;C\n", &why) == ';');
    CHECK(sniff("h1,h2;h3\n1,2;3\n", &why) == 0);
    CHECK_WHY(why, "sep=");
}

int main(void)
{
    test_rfc4180();
    test_errors();
    test_sniff();
    return check_done("test_csv");
}
