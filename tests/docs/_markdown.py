"""Reading Markdown the way the docs tests need: the fenced blocks of one language."""

from pathlib import Path


def fenced_blocks(markdown: Path, language: str) -> list[str]:
    """The bodies of the ```language blocks of ``markdown``, in order, each ending with a newline."""
    blocks: list[str] = []
    current: list[str] | None = None
    for line in markdown.read_text().splitlines():
        if current is None and line.strip() == f'```{language}':
            current = []
        elif current is not None and line.strip() == '```':
            blocks.append('\n'.join(current) + '\n')
            current = None
        elif current is not None:
            current.append(line)
    return blocks
