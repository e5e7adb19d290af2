"""The domain's rules and maths, free of Django: vocabularies, outcome and
independence rules, reliability figures, and the text tools they rest on."""
