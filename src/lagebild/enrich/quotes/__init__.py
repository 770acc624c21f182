"""Quotations: direct quotes between quotation marks and German indirect speech, each with its
speaker resolved to an entity where the text allows.

Direct quotes are the top-level spans between „…“, »…«, «…», “…” or "…" (nested ‚…‘ stay inside).
A span of one to three words with no speech verb or colon to frame it is a scare quote or a title,
not a quote; a longer span or any attributed span is one.

The speaker is found from the *frame*, the unit's text outside its quotes (a unit is a sentence,
or several when a quote runs across sentence ends): a speech verb with its subject ("X sagte: …",
"…, sagte X", "…, so X", "laut X"), else a "X:" lead-in, else a person named in the sentence just
before or the subject of the sentence holding the quote, else the speaker of the speech just
before. A pronoun ("Er betonte", "so letztere") or a role ("der Außenminister") found as speaker is
resolved across sentences to the person it refers to (coref.py: gender agreement, salience by
sentence distance and subject position, roles to the person introduced with them); the speaker
then carries the name, ``Found.speaker_phrase`` keeps the phrase found. With entity mentions,
resolve.py links the speaker to an entity id.

Other languages (marked.py, languages.py): only quotations between matching marks that a verb of
saying from the language's hand-written list frames, with a name or pronoun as speaker or none;
no quotations at all in a language without a list. Quoted names and titles are dropped first
(titles.py).

Indirect speech (kind="indirect", German) is a clause in Konjunktiv I ("seien", "habe", "werde") or a
"dass"/"ob" clause joined to a speech verb ("X sagte, <clause>", "<clause>, fügte er hinzu"), or a
sentence framed by "laut X" / "X zufolge" / "nach Angaben von X"; a following sentence still in
Konjunktiv I continues it with the same speaker.

Optionally (ranker.py) a learned scorer re-picks each direct quotation's speaker among candidates
(the rules' pick, the phrases every cue points to, names, pronouns and noun phrases nearby, the
speakers before), before coref; its weights are trained on a corpus whose terms forbid shipping
them, so it runs only where ``$LAGEBILD_QUOTE_RANKER`` names a file ``scripts/train_quotes.py``
wrote (training.py); otherwise the rules decide.

The pieces: quotation marks (marks.py), units, frames and cues (frames.py), noun phrases
(phrases.py), the speaker a cue points to (speakers.py), indirect speech (indirect.py), pronouns and
roles to names (coref.py), speakers to entity ids (resolve.py), the hand-written lexicon (lexicon.py);
the learned speaker ranker (ranker.py, training.py); find.py puts them together.
scoring.py scores the finder against the German news quotation dataset (``evaluate``).
"""

from .find import find_quotes
from .found import Found
from .marks import quote_marks
from .scoring import Report, cross_validate, evaluate

__all__ = ["Found", "Report", "cross_validate", "evaluate", "find_quotes", "quote_marks"]
