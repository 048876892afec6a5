"""The extraction: the French model, our spaCy stages, the date grammar, the knowledge base
and the text clean-up; ``extract`` turns what the stages found into validated records."""
