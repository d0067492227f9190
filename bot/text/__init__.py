"""The words: the Fluent catalogues (`locales/<language>.ftl`), number formatting and the replies
built from them, and the explanations of what the model did."""
