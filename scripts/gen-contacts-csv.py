#!/usr/bin/env python3
"""Writes a deterministic contacts CSV for `switchboard import` benchmarks.

    scripts/gen-contacts-csv.py ROWS OUT.csv [--seed N]

Columns: name, surname, email, phone_number (E.164: US, UK, France, Germany,
Spain mobiles and US fixed lines), tags (";"-separated), lead_source,
metadata.plan and metadata.seats. The same ROWS and seed always give the same
bytes. Besides the good rows, about 1% repeat the phone number of an earlier
row (duplicates: skipped under on_duplicate=skip) and about 0.5% are bad, in
equal shares: a number that is no number, an email that is no email, a cell
too few, a stray quote and an empty name. The counts are printed on stderr.
"""
import argparse
import random
import sys

FIRST = ["James", "Mary", "Robert", "Patricia", "John", "Jennifer", "Michael", "Linda", "David",
         "Elizabeth", "Marie", "Jean", "Pierre", "Camille", "Lukas", "Anna", "Felix", "Lena",
         "Sofia", "Mateo", "Lucia", "Hugo", "Oliver", "Amelia", "Noah", "Chloe", "Liam", "Emma"]
LAST = ["Smith", "Johnson", "Williams", "Brown", "Jones", "Garcia", "Miller", "Davis", "Martin",
        "Bernard", "Dubois", "Thomas", "Robert", "Muller", "Schmidt", "Schneider", "Fischer",
        "Lopez", "Gonzalez", "Fernandez", "Taylor", "Wilson", "Evans", "Walker", "Moreau"]
DOMAINS = ["example.com", "example.org", "example.net", "mail.example", "corp.example"]
TAGS = ["vip", "lead", "customer", "churn-risk", "newsletter", "webinar", "trial", "partner"]
SOURCES = ["website", "referral", "trade show", "cold list", "partner", "ads"]
PLANS = ["free", "starter", "pro", "enterprise"]
US_AREAS = ["212", "305", "312", "415", "617", "702", "713", "206", "404", "503"]


def phone(country, n):
    """The n-th number of a country's block; distinct n give distinct numbers."""
    if country == "US":  # fixed lines: area, exchange 200-999, line
        rest = (n // len(US_AREAS)) * 7919 % 8_000_000
        return "+1%s%03d%04d" % (US_AREAS[n % len(US_AREAS)], 200 + rest // 10000, rest % 10000)
    if country == "GB":  # mobiles 7400 xxxxxx, 7500, 7800, 7900
        block = ["7400", "7500", "7800", "7900"][n % 4]
        return "+44%s%06d" % (block, (n // 4) * 7919 % 1_000_000)
    if country == "FR":  # mobiles 6 0x xx xx xx to 6 8x xx xx xx (63 and 69 are partly unused)
        return "+336%s%07d" % ("01245678"[n % 8], (n // 8) * 7919 % 10_000_000)
    if country == "DE":  # mobiles 151 xxxxxxxx
        return "+49151%08d" % (n * 7919 % 100_000_000)
    return "+346%08d" % (n * 7919 % 100_000_000)  # ES mobiles 6xx xxx xxx


def quote(cell):
    if any(c in cell for c in ',"\n\r'):
        return '"' + cell.replace('"', '""') + '"'
    return cell


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("rows", type=int)
    parser.add_argument("out")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    countries = ["US"] * 4 + ["GB"] * 2 + ["FR"] * 2 + ["DE", "ES"]
    per_country = {c: 0 for c in set(countries)}
    phones = []  # of the good rows, for duplicates
    counts = {"good": 0, "duplicate": 0, "bad": 0}
    with open(args.out, "w", newline="", encoding="utf-8") as out:
        out.write("name,surname,email,phone_number,tags,lead_source,metadata.plan,metadata.seats\n")
        for i in range(args.rows):
            first, last = rng.choice(FIRST), rng.choice(LAST)
            email = "%s.%s.%d@%s" % (first.lower(), last.lower(), i, rng.choice(DOMAINS))
            kind = rng.random()
            if kind < 0.01 and phones:
                number = rng.choice(phones)
                counts["duplicate"] += 1
            else:
                country = rng.choice(countries)
                number = phone(country, per_country[country])
                per_country[country] += 1
            tags = ";".join(sorted(rng.sample(TAGS, rng.randint(0, 3))))
            cells = [first, last, email, number, tags, rng.choice(SOURCES), rng.choice(PLANS),
                     str(rng.randint(1, 500))]
            if 0.01 <= kind < 0.015:
                counts["bad"] += 1
                which = int((kind - 0.01) * 1000)  # 0..4
                if which == 0:
                    cells[3] = "12345"
                elif which == 1:
                    cells[2] = "not-an-email"
                elif which == 2:
                    cells = cells[:-1]
                elif which == 3:
                    cells[0] = first[:2] + '"' + first[2:]
                    out.write(",".join(cells) + "\n")  # the stray quote unescaped
                    continue
                else:
                    cells[0] = ""
            elif kind >= 0.01:
                counts["good"] += 1
                phones.append(number)
            out.write(",".join(quote(c) for c in cells) + "\n")
    print("rows %d: good %d, duplicates %d, bad %d" %
          (args.rows, counts["good"], counts["duplicate"], counts["bad"]), file=sys.stderr)


if __name__ == "__main__":
    main()
