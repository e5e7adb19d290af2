"""Find the anonymous-source attributions in article text.

Pure Python, free of Django, so the rules are quick to test and reuse:

- ``sentences`` splits text into sentences, keeping offsets;
- ``lexicon`` holds the word lists the rules are written in;
- ``grammar`` finds the informant phrases and the verbs that report them;
- ``references`` says which earlier attribution "the source" stands for;
- ``attributions`` puts them together for a whole text.
"""

from sources.domain.extraction.attributions import (
    Attribution,
    extract_attributions,
    find_attributions,
)
from sources.domain.extraction.sentences import split_sentences

__all__ = ["Attribution", "extract_attributions", "find_attributions", "split_sentences"]
