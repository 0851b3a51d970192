"""Records, goals and the printed tables (Markdown, so a run pastes into docs/performance.md)."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence

    from benchmarks._measure import Stats

__all__ = ['Goal', 'evaluate_goals', 'record', 'render']

Record = dict[str, Any]
Run = dict[str, Any]


def record(title: str, baseline: str, stats: Stats, baseline_stats: Stats) -> Record:
    """The JSON record of one scenario, with its ratio to (and µs above) its baseline."""
    return {
        'title': title,
        'baseline': baseline,
        'median_us': stats.median,
        'min_us': stats.min,
        'max_us': stats.max,
        'samples_us': list(stats.samples),
        'iterations': stats.iterations,
        'ratio': stats.median / baseline_stats.median,
        'overhead_us': stats.median - baseline_stats.median,
    }


@dataclass(frozen=True, slots=True)
class Goal:
    """One line of the goal table, checked against a run."""

    scenario: str
    text: str
    limit: float
    value: float

    @property
    def met(self) -> bool:
        return self.value <= self.limit

    def as_json(self) -> dict[str, Any]:
        return {
            'scenario': self.scenario,
            'goal': self.text,
            'limit': self.limit,
            'value': self.value,
            'met': self.met,
        }


def _ratio_goal(scenarios: Mapping[str, Record], name: str, limit: float) -> Goal | None:
    item = scenarios.get(name)
    if item is None:
        return None
    text = f'{name}: ≤ {limit:g}x {item["baseline"]}'
    return Goal(name, text, limit, item['ratio'])


def _growth(scenarios: Mapping[str, Record], prefix: str, small: int, large: int) -> float:
    """The exponent k of time ∝ N^k between two start-up sizes."""
    ratio = scenarios[f'{prefix}_{large}']['median_us'] / scenarios[f'{prefix}_{small}']['median_us']
    return math.log(ratio) / math.log(large / small)


def evaluate_goals(runs: Mapping[str, Run], sizes: Sequence[int]) -> list[Goal]:
    """Check the performance goals against the denpo run (and the waku run, when present)."""
    scenarios: Mapping[str, Record] = runs['denpo']['scenarios']
    wanted = [
        ('invoke', 1.5),
        ('invoke_global_behaviors', 3.0),
        ('invoke_request_behaviors', 3.0),
        ('publish_sequential', 2.0),
        ('bus_scope', 1.15),
        *((f'startup_{size}', 1.2) for size in sizes),
    ]
    goals = [goal for name, limit in wanted if (goal := _ratio_goal(scenarios, name, limit)) is not None]
    startups = [scenarios[f'startup_{size}'] for size in sorted(sizes) if f'startup_{size}' in scenarios]
    if len(startups) >= 2:  # a growth exponent needs two sizes
        small, large = startups[0]['size'], startups[-1]['size']
        exponent = _growth(scenarios, 'startup', small, large)
        reference = _growth(scenarios, 'dishka_startup', small, large)
        text = (
            f'start-up linear in bindings: time ∝ N^k, k ≤ 1.1 ({small} → {large}; '
            f'dishka alone: k = {reference:.2f})'
        )
        goals.append(Goal('startup_growth', text, 1.1, exponent))
    waku = runs.get('waku')
    if waku is not None and 'invoke' in waku['scenarios'] and 'invoke' in scenarios:
        # Each ratio is to its own process's direct call, so machine drift between the
        # two processes cancels out.
        speedup = waku['scenarios']['invoke']['ratio'] / scenarios['invoke']['ratio']
        goals.append(Goal('waku_invoke', 'invoke ≥ 25x faster than waku 0.37', 1 / 25, 1 / speedup))
    return goals


def _us(value: float) -> str:
    if value >= 1000:  # start-up rows read better in ms
        return f'{value / 1000:,.1f} ms'
    return f'{value:.3f} µs' if value < 10 else f'{value:.1f} µs'  # fewer digits past 10 µs


def _cell(item: Record) -> str:
    return f'{_us(item["median_us"])} ({_us(item["min_us"])}-{_us(item["max_us"])})'


def _ratio(item: Record) -> str:
    if item['baseline'] == item.get('name'):
        return '1'
    return f'{item["ratio"]:.2f}x {item["baseline"]}'


def _extra(item: Record) -> str:
    if 'rss_peak_mib' in item:
        return f'{item["rss_peak_mib"]:.0f} MiB (+{item["rss_growth_mib"]:.0f})'
    return ''


def render(runs: Mapping[str, Run], goals: Sequence[Goal], header: str) -> str:
    """The Markdown table of every scenario (side by side with waku when compared) and the goals."""
    denpo = runs['denpo']
    waku = runs.get('waku')
    lines = [header, '']
    if waku is None:
        lines += ['| scenario | median (min-max) | ratio | peak RSS (growth) |', '|---|---|---|---|']
    else:
        lines += [
            (
                f'| scenario | denpo {denpo["version"]}: median (min-max) | ratio '
                f'| waku {waku["version"]}: median (min-max) | ratio | waku ÷ denpo |'
            ),
            '|---|---|---|---|---|---|',
        ]
    for name, item in denpo['scenarios'].items():
        row = f'| `{name}` {item["title"]} | {_cell(item)} | {_ratio({**item, "name": name})} |'
        if waku is None:
            row += f' {_extra(item)} |'
        else:
            other = waku['scenarios'].get(name)
            if other is None:
                row += ' | | |'
            else:
                speedup = other['median_us'] / item['median_us']
                row += f' {_cell(other)} | {_ratio({**other, "name": name})} | {speedup:.1f}x |'
        lines.append(row)
    if goals:
        lines += ['', '| goal | measured | met |', '|---|---|---|']
        for goal in goals:
            if goal.scenario == 'waku_invoke':
                measured = f'{1 / goal.value:.1f}x faster (ratio to direct call)'
            elif goal.scenario == 'startup_growth':
                measured = f'k = {goal.value:.2f}'
            else:
                measured = f'{goal.value:.2f}x'
            lines.append(f'| {goal.text} | {measured} | {"yes" if goal.met else "**no**"} |')
    return '\n'.join(lines)
