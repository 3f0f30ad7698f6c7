# A generated attendee list like a big event's: accented names from across
# Europe, organisations with commas, e-mail and ticket type, n rows (awk -v n=N).
# With -v scripts=1, every fifth name is in Greek or Cyrillic instead.
# Used by scripts/bench.sh and scripts/bench-drop.sh.
BEGIN {
    srand(42)
    nf = split("Ana María José Luis Łukasz Jyrki Eeva Zofia Jürgen Anja João Inês Élodie Giulia Søren Åsa Georgios Ștefan Tomáš Gábor Siobhán Pádraig Małgorzata Íñigo Nerea Begoña Álvaro Lucía Pekka Päivi Grzegorz Katarzyna Matthias Friederike Niccolò Björn Eleni Jiří Réka Jānis", first, " ")
    nl = split("López Fernández García Martínez Sánchez Pérez Gómez Ruiz Díaz Moreno Muñoz Álvarez Romero Navarro Domínguez Gutiérrez Boratyński Kowalczyk Wiśniewski Dąbrowska Katainen Mäkinen Virtanen Järvinen Müller Groß Schäfer Weiß Gonçalves Magalhães Lefèvre Ferraro Sjöberg Kjærgaard Papadopoulos Popescu Dvořák Szőke ONeill Bērziņš Đorđević Horvat Tamm Nowak Zieliński Lewandowska Köhler Bäumer Araújo Conti", last, " ")
    ngf = split("Γεώργιος Βασίλης Ελένη Δημήτρης Αικατερίνη Νικόλαος Μαρία Ιωάννης Κωνσταντίνος Σοφία Παναγιώτης Αναστασία Χρήστος Θεοδώρα Ευάγγελος Δέσποινα Σπυρίδων Ειρήνη Αθανάσιος Χριστίνα", gfirst, " ")
    ngl = split("Παπαδόπουλος Χατζηδάκης Καραγιάννη Οικονόμου Ευαγγέλου Μακρής Αλεξίου Γεωργίου Νικολαΐδης Παπαδάκη Βλάχος Αντωνίου Δημητρίου Κωνσταντινίδης Ζαχαρίου Μαυρίδης Σταματοπούλου Τσακίρης Φωτίου Λαμπράκης", glast, " ")
    ncf = split("Мария Юлия Дмитрий Олександр Иван Наталья Сергей Ольга Андрій Тетяна Николай Екатерина Богдан Светлана Владимир Ірина Георги Елена Михаил Анна", cfirst, " ")
    ncl = split("Иванова Жуков Петров Шевченко Смирнова Ковальчук Щукин Бондаренко Кузнецов Мельник Соколова Попов Ткаченко Лебедев Морозова Коваленко Волков Димитров Георгиева Новиков", clast, " ")
    no = split("Clúster Minero|Junta de Andalucía|Comisión Europea|KGHM Polska Miedź|Geological Survey of Finland|Boliden|Universidad de Sevilla|Tecnalia|Rohstoff GmbH|Minerales del Sur", org, "|")
    nc = split("ATTENDEE ATTENDEE ATTENDEE ATTENDEE SPEAKER PRESS STAFF", cat, " ")
    print "Code,Name,Company,Email,Ticket Type"
    for (i = 1; i <= n; i++) {
        f = first[int(rand() * nf) + 1]; l = last[int(rand() * nl) + 1]; m = last[int(rand() * nl) + 1]
        if (scripts && i % 10 == 5) {
            f = gfirst[int(rand() * ngf) + 1]; l = glast[int(rand() * ngl) + 1]; m = glast[int(rand() * ngl) + 1]
        } else if (scripts && i % 10 == 0) {
            f = cfirst[int(rand() * ncf) + 1]; l = clast[int(rand() * ncl) + 1]; m = clast[int(rand() * ncl) + 1]
        }
        printf "T%07d%04X,%s %s %s,\"%s, %d\",p%d@example.org,%s\n", i, int(rand() * 65536), f, l, m,
            org[int(rand() * no) + 1], i % 97, i, cat[int(rand() * nc) + 1]
    }
}
