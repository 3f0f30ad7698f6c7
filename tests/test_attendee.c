/* Names in their parts: titles, surname-first lists, greetings and sort keys. */
#include "check.h"
#include "entrada/attendee.h"

static void check_split(const char *name, bool surname_first, const char *title, const char *first,
                        const char *last)
{
    struct attendee_name n;
    attendee_name_split(name, surname_first, &n);
    if (strcmp(n.title, title) || strcmp(n.first, first) || strcmp(n.last, last)) {
        fprintf(stderr,
                "split(\"%s\", %d) = \"%s\" | \"%s\" | \"%s\", expected \"%s\" | \"%s\" | \"%s\"\n",
                name, surname_first, n.title, n.first, n.last, title, first, last);
        check_failures++;
    }
    attendee_name_clear(&n);
}

static void test_split(void)
{
    check_split("Santiago Cuesta López", false, "", "Santiago", "Cuesta López");
    check_split("Núñez Peña, José Antonio", false, "", "José Antonio", "Núñez Peña");
    check_split("Núñez Peña José Antonio", true, "", "José Antonio", "Núñez Peña");
    check_split("Cuesta López Santiago", true, "", "Santiago", "Cuesta López");
    check_split("de la Fuente García José", true, "", "José", "de la Fuente García");
    check_split("Becker Hans", true, "", "Hans", "Becker");
    check_split("Dr. Hans Becker", false, "Dr.", "Hans", "Becker");
    check_split("Prof. Dr. Hans Becker", false, "Prof. Dr.", "Hans", "Becker");
    check_split("Becker, Dr. Hans", false, "Dr.", "Hans", "Becker");
    check_split("Hans Becker, PhD", false, "", "Hans", "Becker");
    check_split("Dña. Carmen Ruiz", false, "Dña.", "Carmen", "Ruiz");
    check_split("D. José Núñez", false, "D.", "José", "Núñez");
    check_split("D.ª Carmen Ruiz", false, "D.ª", "Carmen", "Ruiz");
    check_split("Sr. Pérez", false, "Sr.", "Pérez", "");
    check_split("Sra. Ana Gómez", false, "Sra.", "Ana", "Gómez");
    check_split("Ing. Petra Novak", false, "Ing.", "Petra", "Novak");
    check_split("Mag. Eva Huber", false, "Mag.", "Eva", "Huber");
    check_split("Herr Klaus Müller", false, "Herr", "Klaus", "Müller");
    check_split("Mme Claire Dubois", false, "Mme", "Claire", "Dubois");
    check_split("Dott.ssa Giulia Rossi", false, "Dott.ssa", "Giulia", "Rossi");
    check_split("Dr. inż. Łukasz Żółkiewski", false, "Dr. inż.", "Łukasz", "Żółkiewski");
    check_split("Pani Anna Nowak", false, "Pani", "Anna", "Nowak");
    check_split("Δρ. Γεώργιος Παπαδόπουλος", false, "Δρ.", "Γεώργιος", "Παπαδόπουλος");
    check_split("Ludwig van Beethoven", false, "", "Ludwig", "van Beethoven");
    check_split("José Antonio de la Fuente", false, "", "José Antonio", "de la Fuente");
    check_split("Don Norman", false, "", "Don", "Norman");
    check_split("Dr.", false, "", "Dr.", "");
    check_split("王小明", false, "", "王小明", "");
    check_split("", false, "", "", "");
}

static void test_greeting(void)
{
    struct attendee a = { .name = "Núñez Peña, José Antonio" };
    char *g = attendee_greeting_name(&a);
    CHECK_STR(g, "José Antonio");
    free(g);
    a.name = "Dr. Hans Becker";
    g = attendee_greeting_name(&a);
    CHECK_STR(g, "Hans");
    free(g);
    a = (struct attendee){ .name = "Prof. Ana Ruiz",
                           .first_name = "Prof. Ana",
                           .last_name = "Ruiz" };
    g = attendee_greeting_name(&a);
    CHECK_STR(g, "Ana");
    free(g);
    /* Refusals show the given names, and nothing of a one-word name. */
    a = (struct attendee){ .name = "Dr. Hans Becker" };
    g = attendee_private_name(&a);
    CHECK_STR(g, "Hans");
    free(g);
    a = (struct attendee){ .name = "Núñez Peña, José Antonio" };
    g = attendee_private_name(&a);
    CHECK_STR(g, "José Antonio");
    free(g);
    a = (struct attendee){ .name = "Γεώργιος Παπαδόπουλος" };
    g = attendee_private_name(&a);
    CHECK_STR(g, "Γεώργιος");
    free(g);
    a = (struct attendee){ .name = "Sukarno" };
    g = attendee_private_name(&a);
    CHECK_STR(g, "");
    free(g);
    a = (struct attendee){ .name = "王小明" };
    g = attendee_private_name(&a);
    CHECK_STR(g, "");
    free(g);
    a = (struct attendee){ .name = "Ruiz", .first_name = "", .last_name = "Ruiz" };
    g = attendee_private_name(&a);
    CHECK_STR(g, "");
    free(g);
    struct attendee_name n;
    a = (struct attendee){ .name = "Dr. Hans Becker", .first_name = "Hans", .last_name = "Becker" };
    attendee_name_parts(&a, &n);
    CHECK_STR(n.title, "Dr.");
    attendee_name_clear(&n);

    char *shown = NULL, *first = NULL, *last = NULL;
    CHECK(attendee_name_given_first("Núñez Peña, José Antonio", false, &shown, &first, &last));
    CHECK_STR(shown, "José Antonio Núñez Peña");
    CHECK_STR(first, "José Antonio");
    CHECK_STR(last, "Núñez Peña");
    free(shown), free(first), free(last);
    CHECK(!attendee_name_given_first("José Núñez", false, &shown, &first, &last));
    CHECK(!attendee_name_given_first("Hans Becker, PhD", false, &shown, &first, &last));
}

static void test_sort_key(void)
{
    struct attendee a = { .name = "Pedro Álvarez" }, b = { .name = "Alvarez, Ana" };
    char *ka = attendee_sort_key(&a), *kb = attendee_sort_key(&b);
    CHECK_STR(ka, "alvarez pedro");
    CHECK_STR(kb, "alvarez ana");
    free(ka);
    free(kb);
}

int main(void)
{
    test_split();
    test_greeting();
    test_sort_key();
    return check_done("test_attendee");
}
