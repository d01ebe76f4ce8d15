#!/usr/bin/python3
"""MMLU-layout cloze questions for tiny-kjv, made deterministically from the validation text.

Each question is a passage of validation text cut just before a word; the choices are that
true next word and three distractor words drawn (seeded) from the validation text's own
vocabulary, at a similar frequency so that frequency alone does not give the answer away.
Subjects follow the Bible's divisions, from the chapter headings the split recorded:

    law            Genesis - Deuteronomy
    history        Joshua - Esther
    poetry_and_prophets  Job - Malachi
    new_testament  Matthew - Revelation

Layout (the standard MMLU CSV layout, no header; question, A, B, C, D, answer letter):
    OUT/dev/<subject>_dev.csv    DEV questions per subject (the k-shot examples)
    OUT/test/<subject>_test.csv  up to TEST questions per subject

Usage: make_mmlu.py VAL_TXT SPLIT_JSON OUT_DIR
(VAL_TXT: models/tiny-kjv/data/val.txt; SPLIT_JSON: the work/split.json prepare_data.py wrote.)
"""
import collections
import csv
import json
import os
import random
import re
import sys

DEV, TEST = 5, 75
SEED = 20261204
PASSAGE_WORDS = (24, 48)          # words of context before the blank
WORD = re.compile(r"^[A-Za-z]{3,}$")

DIVISIONS = [
    ("law", "Genesis", "Deuteronomy"),
    ("history", "Joshua", "Esther"),
    ("poetry_and_prophets", "Job", "Malachi"),
    ("new_testament", "Matthew", "Revelation"),
]
BOOKS = ["Genesis", "Exodus", "Leviticus", "Numbers", "Deuteronomy", "Joshua", "Judges", "Ruth", "1 Samuel",
         "2 Samuel", "1 Kings", "2 Kings", "1 Chronicles", "2 Chronicles", "Ezra", "Nehemiah", "Esther", "Job",
         "Psalms", "Proverbs", "Ecclesiastes", "Song of Solomon", "Isaiah", "Jeremiah", "Lamentations", "Ezekiel",
         "Daniel", "Hosea", "Joel", "Amos", "Obadiah", "Jonah", "Micah", "Nahum", "Habakkuk", "Zephaniah", "Haggai",
         "Zechariah", "Malachi", "Matthew", "Mark", "Luke", "John", "Acts", "Romans", "1 Corinthians",
         "2 Corinthians", "Galatians", "Ephesians", "Philippians", "Colossians", "1 Thessalonians",
         "2 Thessalonians", "1 Timothy", "2 Timothy", "Titus", "Philemon", "Hebrews", "James", "1 Peter", "2 Peter",
         "1 John", "2 John", "3 John", "Jude", "Revelation"]


def subject_of(heading):
    book = heading.rsplit(" ", 1)[0]
    i = BOOKS.index(book)
    for name, first, last in DIVISIONS:
        if BOOKS.index(first) <= i <= BOOKS.index(last):
            return name
    raise ValueError(heading)


def questions(words, vocab_by_count, counts, rnd, n):
    """Up to n questions from one subject's running text (a list of words with punctuation)."""
    out, tries = [], 0
    while len(out) < n and tries < 50 * n:
        tries += 1
        length = rnd.randint(*PASSAGE_WORDS)
        if len(words) <= length + 1:
            break
        start = rnd.randrange(0, len(words) - length - 1)
        target = words[start + length]
        if not WORD.match(target):
            continue  # the blank must be a plain word, not one with punctuation attached
        answer = target
        # distractors: plain words of similar frequency (within a factor of 2), distinct ignoring case
        c = counts[answer.lower()]
        pool = [w for w in vocab_by_count if c / 2 <= counts[w.lower()] <= c * 2 and w.lower() != answer.lower()]
        if len(pool) < 3:
            pool = [w for w in vocab_by_count if w.lower() != answer.lower()]
        picks = []
        for w in rnd.sample(pool, len(pool)):
            if all(w.lower() != p.lower() for p in picks):
                picks.append(w)
            if len(picks) == 3:
                break
        choices = picks[:]
        slot = rnd.randrange(4)
        choices.insert(slot, answer)
        # keep the distractors' capitalisation like the answer's, so case does not give it away
        choices = [w.capitalize() if answer[0].isupper() else w.lower() for w in choices]
        out.append([" ".join(words[start:start + length])] + choices + ["ABCD"[slot]])
    return out


def main():
    val_path, split_path, out_dir = sys.argv[1:4]
    chapters = open(val_path, encoding="utf-8").read().strip("\n").split("\n\n")
    headings = json.load(open(split_path))["val"]
    assert len(chapters) == len(headings), (len(chapters), len(headings))
    text_by_subject = collections.OrderedDict((d[0], []) for d in DIVISIONS)
    for heading, chapter in zip(headings, chapters):
        text_by_subject[subject_of(heading)].extend(chapter.split())
    counts = collections.Counter(w.lower() for ws in text_by_subject.values() for w in ws if WORD.match(w))
    vocab = sorted({w.lower() for ws in text_by_subject.values() for w in ws if WORD.match(w) and counts[w.lower()] >= 3})
    rnd = random.Random(SEED)
    for split in ("dev", "test"):
        os.makedirs(os.path.join(out_dir, split), exist_ok=True)
    for subject, words in text_by_subject.items():
        qs = questions(words, vocab, counts, rnd, DEV + TEST)
        for split, rows in (("dev", qs[:DEV]), ("test", qs[DEV:])):
            with open(os.path.join(out_dir, split, f"{subject}_{split}.csv"), "w", newline="", encoding="utf-8") as f:
                csv.writer(f, lineterminator="\n").writerows(rows)
        print(f"{subject}: {len(words)} words, {min(DEV, len(qs))} dev, {max(0, len(qs) - DEV)} test")


if __name__ == "__main__":
    main()
