"""A small hand-written table of well-known organisations whose names no rule relates
("IS" and "ISIS", "Daesh", "Islamischer Staat", "Islamic State" are one group). Key -> display
name and spellings; the key becomes the id ("ORG:isis"). Acronym-expansion pairs a text spells out
("Bundesamt für ... (BAMF)") need no entry here: names.py matches those within an article."""

from __future__ import annotations

ORGS: dict[str, tuple[str, tuple[str, ...]]] = {
    "isis": ("Islamischer Staat", (
        "IS", "ISIS", "ISIL", "Daesh", "Daesch", "Daisch", "Islamischer Staat", "Islamic State",
        "Islamic State of Iraq and Syria", "Islamic State of Iraq and the Levant",
        "Islamischer Staat im Irak und in Syrien", "Islamischer Staat im Irak und der Levante")),
    "al-qaida": ("al-Qaida", ("al-Qaida", "al-Kaida", "al-Qaeda", "al Qaeda", "Al Kaida", "Al-Qaida")),
    "nato": ("NATO", ("NATO", "Nato", "North Atlantic Treaty Organization", "Nordatlantikpakt",
                      "Organisation des Nordatlantikvertrags", "OTAN")),
    "un": ("Vereinte Nationen", ("UN", "UNO", "Vereinte Nationen", "United Nations", "Nations Unies")),
    "eu": ("Europäische Union", ("EU", "Europäische Union", "European Union", "Union européenne")),
    "who": ("Weltgesundheitsorganisation", ("WHO", "Weltgesundheitsorganisation", "World Health Organization")),
    "imf": ("Internationaler Währungsfonds", ("IWF", "IMF", "Internationaler Währungsfonds",
                                              "International Monetary Fund")),
    "ecb": ("Europäische Zentralbank", ("EZB", "ECB", "Europäische Zentralbank", "European Central Bank")),
    "osce": ("OSZE", ("OSZE", "OSCE", "Organisation für Sicherheit und Zusammenarbeit in Europa",
                      "Organization for Security and Co-operation in Europe")),
    "pkk": ("PKK", ("PKK", "Arbeiterpartei Kurdistans", "Kurdistan Workers' Party")),
    "hamas": ("Hamas", ("Hamas", "Hamās")),
    "hezbollah": ("Hisbollah", ("Hisbollah", "Hezbollah", "Hizbollah", "Hizbullah")),
    "taliban": ("Taliban", ("Taliban", "Taleban")),
    "opec": ("OPEC", ("OPEC", "Opec", "Organisation erdölexportierender Länder",
                      "Organization of the Petroleum Exporting Countries")),
    "wto": ("WTO", ("WTO", "Welthandelsorganisation", "World Trade Organization")),
    "cdu": ("CDU", ("CDU", "Christlich Demokratische Union", "Christlich Demokratische Union Deutschlands")),
    "csu": ("CSU", ("CSU", "Christlich-Soziale Union", "Christlich-Soziale Union in Bayern")),
    "spd": ("SPD", ("SPD", "Sozialdemokratische Partei Deutschlands", "Sozialdemokraten")),
    "fdp": ("FDP", ("FDP", "Freie Demokratische Partei", "Freie Demokraten")),
    "afd": ("AfD", ("AfD", "Alternative für Deutschland")),
    "gruene": ("Bündnis 90/Die Grünen", ("Grüne", "Grünen", "Die Grünen", "Bündnis 90/Die Grünen")),
    "bnd": ("BND", ("BND", "Bundesnachrichtendienst")),
    "fbi": ("FBI", ("FBI", "Federal Bureau of Investigation")),
    "cia": ("CIA", ("CIA", "Central Intelligence Agency")),
    "icrc": ("Internationales Komitee vom Roten Kreuz", ("IKRK", "ICRC", "Internationales Komitee vom Roten Kreuz",
                                                         "International Committee of the Red Cross")),
}
