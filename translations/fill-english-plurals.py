#!/usr/bin/env python3
"""Fills the plural forms of gantry_en.ts from the English source texts ("%n job(s) wait" ->
"1 job waits" / "2 jobs wait"). Run after `cmake --build build/dev --target update_translations`;
strings without %n stay unfinished, so English shows the source text for them."""
import re
import sys
import xml.etree.ElementTree as ET

# The verb right after the counted noun agrees with it: "%n job(s) wait" -> "1 job waits".
SUBJECT_VERB = re.compile(r"^((?:\s\S+){1,2}?)\s(are|wait|ask|take|change(?= from)|differ)\b")


# Pronouns that refer back to the counted noun, in the singular form.
SINGULAR_PRONOUNS = [
    ("the jobs they require", "the jobs it requires"),
    ("their jobs end as lost", "its job ends as lost"),
    ("if they stay", "if it stays"),
    ("Apply them now, discard them", "Apply it now, discard it"),
    ("(the oldest for %1)", "(for %1)"),
]


def forms(source):
    plural = source.replace("(es)", "es").replace("(s)", "s")
    singular = source.replace("(es)", "").replace("(s)", "")
    # Only the clause that counts: "%n job(s) are queued and the fleet has no nodes".
    head, _, tail = singular.partition("%n")
    tail = SUBJECT_VERB.sub(
        lambda m: m.group(1) + " " + ("is" if m.group(2) == "are" else m.group(2) + "s"), tail)
    for many, one in SINGULAR_PRONOUNS:
        tail = tail.replace(many, one)
    return [head + "%n" + tail if "%n" in singular else singular, plural]


def main(path):
    tree = ET.parse(path)
    for message in tree.getroot().iter("message"):
        if message.get("numerus") != "yes":
            continue
        translation = message.find("translation")
        for child in list(translation):
            translation.remove(child)
        for text in forms(message.find("source").text):
            ET.SubElement(translation, "numerusform").text = text
        translation.attrib.pop("type", None)
    with open(path, "wb") as out:
        out.write(b'<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>\n')
        tree.write(out, encoding="utf-8", xml_declaration=False)


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "translations/gantry_en.ts")
