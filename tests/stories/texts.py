"""Hand-written short news texts for the story tests: one event in German and English, and
another event of the same kind, and ``make`` to turn one into an Article."""

from lagebild.model import Article


def make(item, **extra) -> Article:
    title, text, lang, date = item
    return Article(title=title, text=text, language=lang, published=date, **extra)


CHILE_DE_1 = (
    "Schweres Erdbeben erschüttert Chile",
    "Ein Erdbeben der Stärke 7,8 hat am Montag die Region Valparaíso in Chile erschüttert. Nach Angaben "
    "des chilenischen Katastrophenschutzes Senapred kamen mindestens zwölf Menschen ums Leben, Hunderte "
    "Gebäude in Viña del Mar stürzten ein. Präsident Gabriel Boric rief den Notstand aus und kündigte "
    "Hilfe für die betroffenen Familien an. Das Epizentrum lag nach Angaben des Geologischen Dienstes USGS "
    "rund 40 Kilometer vor der Küste.",
    "de",
    "2024-03-04T10:00:00+01:00",
)
CHILE_DE_2 = (
    "Chile: Zahl der Toten nach Beben steigt",
    "Nach dem Erdbeben der Stärke 7,8 in der Region Valparaíso ist die Zahl der Toten auf zwölf gestiegen. "
    "Präsident Gabriel Boric besuchte am Montagabend die zerstörten Viertel von Viña del Mar und verhängte "
    "den Notstand. Der Katastrophenschutz Senapred warnte vor Nachbeben; Rettungskräfte suchen in den "
    "Trümmern nach Verschütteten.",
    "de",
    "2024-03-04T18:30:00+01:00",
)
CHILE_EN = (
    "Powerful earthquake kills twelve in Chile",
    "A magnitude 7.8 earthquake struck the Valparaíso region of Chile on Monday, killing at least twelve "
    "people, the emergency agency Senapred said. Hundreds of buildings collapsed in Viña del Mar. President "
    "Gabriel Boric declared a state of emergency and promised help for the families affected. The USGS "
    "said the epicentre was about 40 kilometres off the coast.",
    "en",
    "2024-03-04T14:00:00+00:00",
)
JAPAN_DE = (
    "Erdbeben erschüttert Japan",
    "Ein Erdbeben der Stärke 6,1 hat am Dienstag die Präfektur Ishikawa an der Westküste Japans "
    "erschüttert. Premierminister Fumio Kishida sagte in Tokio, es gebe keine Berichte über Tote; die "
    "Wetterbehörde JMA hob eine Tsunami-Warnung nach zwei Stunden wieder auf. In der Stadt Wajima fiel "
    "der Strom aus, mehrere Häuser wurden beschädigt.",
    "de",
    "2024-03-05T09:00:00+01:00",
)
