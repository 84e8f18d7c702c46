"""A second, independent generator of labelled north-Indian arrest records.

Written without looking at ``persons_gen.py``'s pools or rates, so that
``link_persons`` can be checked on data it was not tuned on. Differences on
purpose:

* its own name lists (Bihar, Uttar Pradesh, Rajasthan, Punjab, Muslim and
  Christian names) and surnames, with a flatter popularity curve;
* its own error model: vowel and consonant spellings (i/ee/y, u/oo, v/w,
  s/sh, t/th, d/dh, doubled letters), keyboard slips, transposed letters,
  dropped middle names, "Surname Given" order, initials for the first or
  middle name, "Kumar"/"Singh"/"Devi" dropped or added;
* married women recorded "w/o" their husband: the father_name column then
  holds the husband in 60 % of a married woman's records;
* 15 % of records are thin: only the name, a birth year (from an age, so
  often one off) and an address;
* phones shared within a family, numbers changing between arrests, IDs
  (Aadhaar with spaces, voter ID) on a minority of records.

Usage::

    python bench/persons_gen2.py --records 10000 --seed 11 --out-dir /tmp/persons2
"""

from __future__ import annotations

import argparse
import csv
import random
import string
from datetime import date, timedelta
from pathlib import Path

HEADER = ["record_id", "name", "father_name", "dob", "gender", "phone", "address", "id_number"]

MEN = (
    "Ramesh Birju Chhotelal Munna Pappu Guddu Santosh Rambabu Shiv_Shankar Bhola Rajkumar Umesh "
    "Dhirendra Brajesh Awadhesh Kamlesh Shailendra Mithilesh Ranjeet Sanjeev Pramod Vinay Rakesh "
    "Manoj Ajay Gopal Kanhaiya Bhupendra Raghvendra Indrajeet Shatrughan Lakhan Balram Hariom "
    "Chandan Rupesh Bablu Tinku Jitendra Rohit Amit Dharmveer Mahipal Bhanwar Jagdish Harpal "
    "Kuldeep Gurmeet Harjinder Baljinder Sukhwinder Paramjit Lakhwinder Imtiyaz Shahnawaz "
    "Mehboob Nawab Raees Shamshad Gulfam Mustakeem Irshad Naushad Anees Wasim Joseph Thomas Peter"
).split()
WOMEN = (
    "Sunita Sangeeta Lalita Kusum Shanti Urmila Pushpa Saroj Kamla Rajni Mamta Sushma Meera "
    "Gudiya Rinki Pinky Chanda Sarla Bimla Nirmala Parveen Shabnam Rehana Naziya Gurpreet "
    "Harpreet Manjeet Jaspreet Mary"
).split()
SURNAMES = (
    "Yadav Singh Kumar Prasad Paswan Mahto Ram Rajbhar Nishad Pal Gupta Verma Pandey Tiwari "
    "Dubey Shukla Mishra Tripathi Chaurasia Maurya Kushwaha Lodhi Rajput Meena Gurjar Jat "
    "Saini Sandhu Gill Brar Dhillon Khan Ansari Qureshi Mansuri Idrisi Saifi Masih"
).split()
ELDERS = (
    "Ram_Naresh Shyam_Bihari Ram_Sagar Ram_Lakhan Jagannath Baijnath Ram_Prasad Shivnath "
    "Radheshyam Ramjeet Sukhdev Buddhu Rameshwar Mangal Hari_Ram Babu_Lal Chhedi_Lal Girdhari "
    "Bhagwan_Das Munshi_Ram Kartar_Singh Gurdev_Singh Ajmer_Singh Abdul_Sattar Rahmat_Ali "
    "Noor_Mohammad Habib_Khan Shafiq_Ahmad Samuel"
).split()
PLACES = (
    "Sultanpuri Mangolpuri Jahangirpuri Seemapuri Trilokpuri Khichripur Sangam_Vihar Madanpur_Khadar "
    "Bawana Narela Burari Mustafabad Karawal_Nagar Loni Khoda Sahibabad Bahadurgarh Palam Dabri "
    "Uttam_Nagar Najafgarh Chhawla Nangloi Sultanpur Aya_Nagar Tughlakabad Okhla Jaitpur"
).split()
DISTRICTS = ("North West", "North East", "Outer", "South", "South West", "West", "Shahdara", "East")

# Sound and spelling swaps a clerk makes, applied to one place in a word.
_SWAPS = (
    ("ee", "i"), ("i", "ee"), ("oo", "u"), ("u", "oo"), ("v", "w"), ("w", "v"), ("sh", "s"),
    ("s", "sh"), ("th", "t"), ("dh", "d"), ("ph", "f"), ("y", "i"), ("a", "aa"), ("j", "z"),
    ("ks", "x"), ("q", "k"), ("i", "e"), ("e", "i"), ("ch", "chh"), ("ai", "e"),
)
# A slip to the key on the right (the last key of a row to the first of the next).
_KEYBOARD = dict(zip("qwertyuiopasdfghjklzxcvbnm", "wertyuiopasdfghjklzxcvbnmq", strict=True))


def _pick(rng: random.Random, items: list[str] | tuple[str, ...]) -> str:
    # Flatter than Zipf: the first tenth of a list is about four times as likely as the rest.
    if rng.random() < 0.3:
        return rng.choice(items[: max(1, len(items) // 10)])
    return rng.choice(items)


def _respell(rng: random.Random, word: str) -> str:
    low = word.lower()
    options = [(a, b) for a, b in _SWAPS if a in low]
    if not options:
        return word
    a, b = rng.choice(options)
    at = [i for i in range(len(low)) if low.startswith(a, i)]
    i = rng.choice(at)
    out = low[:i] + b + low[i + len(a):]
    return out.capitalize()


def _slip(rng: random.Random, word: str) -> str:
    if len(word) < 4:
        return word
    i = rng.randrange(1, len(word) - 1)
    kind = rng.random()
    if kind < 0.35:
        return word[:i] + word[i + 1:]  # dropped letter
    if kind < 0.7:
        return word[:i] + word[i + 1] + word[i] + word[i + 2:]  # transposed
    return word[:i] + _KEYBOARD.get(word[i].lower(), word[i]) + word[i + 1:]  # neighbour key


class Person:
    def __init__(self, rng: random.Random, pid: str, family: Person | None = None):
        self.pid = pid
        self.gender = "F" if rng.random() < 0.18 else "M"
        self.given = _pick(rng, WOMEN if self.gender == "F" else MEN).split("_")
        self.surname = family.surname if family else _pick(rng, SURNAMES)
        self.father = family.father if family else _pick(rng, ELDERS).split("_") + (
            [self.surname] if rng.random() < 0.6 else []
        )
        self.husband = (
            _pick(rng, MEN).split("_") + [self.surname] if self.gender == "F" and rng.random() < 0.65 else None
        )
        born = date(1960, 1, 1) + timedelta(days=rng.randrange(365 * 45))
        self.born = family.born + timedelta(days=rng.randrange(400, 3000)) if family else born
        self.phones = ["".join(rng.choice(string.digits) for _ in range(9)) for _ in range(rng.randint(1, 3))]
        self.phones = [rng.choice("6789") + p for p in self.phones]
        if family and rng.random() < 0.4:
            self.phones[0] = family.phones[0]
        self.homes = [family.homes[0]] if family else []
        while len(self.homes) < rng.randint(1, 2):
            self.homes.append(
                f"{rng.randint(1, 999)}/{rng.choice('ABCDEFGHJK')}, {rng.choice(PLACES).replace('_', ' ')}, "
                f"{rng.choice(DISTRICTS)} Delhi"
            )
        self.aadhaar = "".join(rng.choice(string.digits) for _ in range(12))
        self.voter = "".join(rng.choice(string.ascii_uppercase) for _ in range(3)) + "".join(
            rng.choice(string.digits) for _ in range(7)
        )


def _name(rng: random.Random, person: Person) -> str:
    given = list(person.given)
    words = given + ([person.surname] if rng.random() < 0.85 else [])
    if person.gender == "F" and rng.random() < 0.3:
        words.append("Devi" if rng.random() < 0.7 else "Kumari")
    elif person.gender == "M" and person.surname not in ("Singh", "Kumar") and rng.random() < 0.15:
        words.insert(len(given), rng.choice(("Kumar", "Singh")))
    words = [_respell(rng, w) if rng.random() < 0.2 else w for w in words]
    words = [_slip(rng, w) if rng.random() < 0.06 else w for w in words]
    if len(words) > 2 and rng.random() < 0.15:
        words.pop(1)  # the middle name left out
    if len(words) > 1 and rng.random() < 0.08:
        words[0] = words[0][0] + "."  # an initial for the first name
    if len(words) > 1 and rng.random() < 0.1:
        words = words[-1:] + words[:-1]  # "Yadav Ramesh"
    text = " ".join(words)
    roll = rng.random()
    return text.upper() if roll < 0.25 else (text.lower() if roll < 0.3 else text)


def _relative(rng: random.Random, person: Person) -> str:
    relative = person.father
    if person.husband and rng.random() < 0.6:
        relative = person.husband
    words = [_respell(rng, w) if rng.random() < 0.15 else w for w in relative]
    words = [_slip(rng, w) if rng.random() < 0.04 else w for w in words]
    if len(words) > 1 and rng.random() < 0.15:
        words = words[:-1]  # the surname left out
    if len(words) > 1 and rng.random() < 0.07:
        words[0] = words[0][0]
    return " ".join(words)


def _birth(rng: random.Random, person: Person, thin: bool) -> str:
    roll = rng.random()
    if thin or roll < 0.35:
        # An age on the day of arrest: the year may be one off.
        return str(person.born.year + (rng.choice((-1, 0, 0, 1)) if rng.random() < 0.5 else 0))
    if roll < 0.7:
        born = person.born
        if rng.random() < 0.04 and born.day <= 12:
            born = date(born.year, born.day, born.month)  # day and month swapped
        return born.isoformat()
    if roll < 0.8:
        return str(person.born.year)
    return ""


def _phone(rng: random.Random, person: Person) -> str:
    if rng.random() < 0.45:
        return ""
    number = rng.choice(person.phones)
    if rng.random() < 0.02:
        number = rng.choice("6789") + "".join(rng.choice(string.digits) for _ in range(9))
    style = rng.random()
    if style < 0.2:
        return "+91 " + number[:5] + " " + number[5:]
    if style < 0.35:
        return "0" + number
    if style < 0.45:
        return number[:3] + "-" + number[3:6] + "-" + number[6:]
    return number


def _id(rng: random.Random, person: Person) -> str:
    roll = rng.random()
    if roll < 0.15:
        a = person.aadhaar
        return f"{a[:4]} {a[4:8]} {a[8:]}" if rng.random() < 0.5 else a
    if roll < 0.25:
        return person.voter
    return ""


def _address(rng: random.Random, person: Person) -> str:
    home = rng.choice(person.homes)
    if rng.random() < 0.2:
        home = home.split(", ", 1)[1]  # no house number
    if rng.random() < 0.1:
        home = "H.No. " + home
    return home


def _record(rng: random.Random, person: Person, record_id: str) -> dict[str, str]:
    thin = rng.random() < 0.15
    return {
        "record_id": record_id,
        "name": _name(rng, person),
        "father_name": "" if thin or rng.random() < 0.1 else _relative(rng, person),
        "dob": _birth(rng, person, thin),
        "gender": "" if thin or rng.random() < 0.1 else person.gender,
        "phone": "" if thin else _phone(rng, person),
        "address": _address(rng, person) if thin or rng.random() < 0.8 else "",
        "id_number": "" if thin else _id(rng, person),
    }


def generate(n_records: int, seed: int) -> tuple[list[dict[str, str]], dict[str, str]]:
    """``n_records`` shuffled records and ``{record_id: person_id}``."""
    rng = random.Random(seed)
    people: list[tuple[Person, int]] = []
    planned = 0
    while planned < n_records:
        family = people[-1][0] if people and rng.random() < 0.07 else None
        person = Person(rng, f"Q{len(people) + 1:06d}", family)
        times = min(n_records - planned, rng.choices((1, 2, 3, 4, 5, 6), (45, 22, 13, 9, 6, 5))[0])
        people.append((person, times))
        planned += times
    slots = [person for person, times in people for _ in range(times)]
    rng.shuffle(slots)
    records, truth = [], {}
    for number, person in enumerate(slots, 1):
        record_id = f"S{number:07d}"
        records.append(_record(rng, person, record_id))
        truth[record_id] = person.pid
    return records, truth


def write_csv(records: list[dict[str, str]], truth: dict[str, str], out_dir: Path) -> tuple[Path, Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    input_path, truth_path = out_dir / "input.csv", out_dir / "truth.csv"
    with input_path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=HEADER)
        writer.writeheader()
        writer.writerows(records)
    with truth_path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["record_id", "person_id"])
        writer.writerows(truth.items())
    return input_path, truth_path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--records", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--out-dir", type=Path, required=True)
    args = parser.parse_args()
    records, truth = generate(args.records, args.seed)
    print(*write_csv(records, truth, args.out_dir))


if __name__ == "__main__":
    main()
