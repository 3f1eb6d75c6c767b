"""drafter: an offline drafting assistant for Chinese leaders' speeches (讲话稿).

The library reads speeches into one `Speech` model, mines a phrasebank from a corpus, plans outlines from
Jinja skeletons and writes Word files in the 公文 house style. `drafter.cli` is a thin Click layer on top.
"""

__version__ = "0.1.0"
