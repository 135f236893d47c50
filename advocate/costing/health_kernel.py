"""The claim rules of `health_oop`, compiled (Numba), for the batched engine: every plan's
out-of-pocket in every column (a sampled year or a grid level), one column at a time.

Why compiled, and why a column at a time: the same rules as NumPy steps over (columns,
plans) arrays cost some 25 passes per claim, each writing a temporary, and a family's year
is about a thousand claims; a household of four over 114 plans spent ~100 ms in them. Columns
never depend on one another (a family's shared deductible is per column), so here a column
takes all its claims, ladder slice by slice and member by member as the reference orders them,
with its ledgers in a small scratch buffer that stays in the processor's cache, and a claim is
a few short loops over the plans that the compiler vectorises (`_claim`).

The arithmetic is the reference's (`health_oop._split` and `Engine._process`), operation for
operation and in the same order, in IEEE double precision: Numba compiles `+ - * /` to the
machine's double operations and, without `fastmath`, LLVM neither reassociates them nor fuses
a multiply and an add, so every figure is the reference's to the bit
(tests/unit/test_health_batch.py compares all 382 bundled plan variants). Where the reference
works with an exact zero (no copay, a plan that does not cover the service) the same steps
run here with that zero: min(0 x units, a) = 0, min(rest, room) x 0 = 0, 0 + x = x.

Ledgers: the rooms left under a limit, (members + 1, 2, plans): each member's, then the
family's; the medical ledger first, then the drug ledger. `shared[p]` is 1.0 where plan p's
drug claims draw on its medical limit ("Included in Medical"); when only some plans' do, what
is taken from one ledger of such a plan is taken from the other too (the same float from the
same float), so both hold its one room. A one-person household's family room is infinite:
min(room, inf) is room and inf - x stays inf, as the reference's uncapped family.

The claim rules and the two walks that apply them (`ladder`, `items`) stay in this one module
on purpose: Numba's on-disk cache is invalidated by a change to the caller's source file only,
so a kernel calling compiled code from another module could keep running the old code after an
edit there.
"""

from __future__ import annotations

import numpy as np
from numba import njit

# rows of a service's terms (terms[service, row, plan])
UPFRONT, AFTER, RATE, SUBJECT, PER_DAY, NOT_COVERED = range(6)
TERM_ROWS = 6
# a service's flags (flags[service, flag])
DRUG, PREVENTIVE, DEFERRED = range(3)
FLAGS = 3
# a claim's intermediate rows over the plans (_claim: work[row, plan])
(UNIT, FIRST, REST, DEDUCTIBLE, LEFT, LATER, COINSURANCE, COPAYS, PAY, PAID,
 MIRRORED) = range(11)
WORK_ROWS = 11
TINY = 5e-324  # the smallest positive double: paid / max(pay, TINY) is 0 where pay is 0
OPTIONS = {"cache": True, "nogil": True, "error_model": "numpy"}


@njit(**OPTIONS)
def _least(a, b):
    """np.minimum for numbers that are never NaN."""
    return b if b < a else a


@njit(**OPTIONS)
def _layout(shared):
    """(every plan's drugs share the medical ledger, some do and some do not)."""
    some, every = False, True
    for value in shared:
        some = some or value > 0
        every = every and value > 0
    return every, some and not every


@njit(**OPTIONS)
def _claim(c, m, s, a, on_units, on_days, fluid, terms, flags, shared, layout, ded, moop,
           by_member, parts, by_service, not_covered, owing, group, j, block, work):
    """One claim of member `m` for service `s` in column `c`: `a` allowed, `on_units` units
    (visits, stays, scripts) or `on_days` days, for every plan, drawing on the rooms `ded` and
    `moop`. `owing[group, j, block, p]` is set where part of plan p's claim waits for the
    deductible (`rest > 0`: for refusals of unpublished deductibles; `block` -1 is none).

    Written as a few short loops over the plans, each writing few rows (`work` holds the
    claim's intermediate rows): loops of that shape the compiler turns into SIMD
    instructions, several plans at a time, where one loop doing the whole claim per plan
    stays one plan at a time (measured: a family of four over 240 plan variants, 108 -> 63
    ms). Each plan's figures go through the same operations in the same order either way."""
    one_d, mixed_d, one_m, mixed_m = layout
    plans = terms.shape[2]
    family = ded.shape[0] - 1
    drug = flags[s, DRUG]
    d_own = 1 if drug and not one_d else 0
    m_own = 1 if drug and not one_m else 0
    for p in range(plans):
        unit = on_days if terms[s, PER_DAY, p] > 0 else on_units
        first = _least(terms[s, UPFRONT, p] * unit, a)
        work[UNIT, p], work[FIRST, p], work[REST, p] = unit, first, a - first
    if flags[s, DEFERRED] and block >= 0:
        for p in range(plans):
            if work[REST, p] > 0:
                owing[group, j, block, p] = True
    for p in range(plans):
        rest = work[REST, p]
        deductible = _least(rest, _least(ded[m, d_own, p], ded[family, d_own, p])
                            ) * terms[s, SUBJECT, p]
        work[DEDUCTIBLE, p], work[LEFT, p] = deductible, rest - deductible
    _take(ded, m, family, d_own, work, DEDUCTIBLE)
    if mixed_d:
        _mirror(ded, m, family, 1 - d_own, work, DEDUCTIBLE, shared, 0)
    # the units still charged after the deductible: a fluid claim's share of them, or all of
    # them when anything is left
    if not fluid:
        for p in range(plans):
            work[LATER, p] = work[UNIT, p] if work[LEFT, p] > 0 else 0.0
    elif a > 0:
        for p in range(plans):
            work[LATER, p] = work[UNIT, p] * (work[LEFT, p] / a)
    else:
        for p in range(plans):
            work[LATER, p] = work[UNIT, p] * 0.0
    for p in range(plans):
        left = work[LEFT, p]
        after = _least(terms[s, AFTER, p] * work[LATER, p], left)
        coinsurance = terms[s, RATE, p] * (left - after)
        copays = work[FIRST, p] + after
        pay = work[DEDUCTIBLE, p] + copays + coinsurance
        work[COINSURANCE, p], work[COPAYS, p], work[PAY, p] = coinsurance, copays, pay
        work[PAID, p] = _least(pay, _least(moop[m, m_own, p], moop[family, m_own, p]))
    _take(moop, m, family, m_own, work, PAID)
    if mixed_m:
        _mirror(moop, m, family, 1 - m_own, work, PAID, shared, 1)
    for p in range(plans):
        pay = work[PAY, p]
        scale = work[PAID, p] / (pay if pay > TINY else TINY)
        parts[0, c, p] += work[DEDUCTIBLE, p] * scale
        parts[1, c, p] += work[COPAYS, p] * scale
        parts[2, c, p] += work[COINSURANCE, p] * scale
    for p in range(plans):
        extra = a * terms[s, NOT_COVERED, p]
        not_covered[c, p] += extra
        paid = work[PAID, p] + extra
        by_member[m, c, p] += paid
        by_service[s, c, p] += paid


@njit(**OPTIONS)
def _take(rooms, m, family, kind, work, taken):
    """Take row `taken` of `work` from member m's and the family's room of `kind`."""
    for p in range(rooms.shape[2]):
        rooms[m, kind, p] -= work[taken, p]
        rooms[family, kind, p] -= work[taken, p]


@njit(**OPTIONS)
def _mirror(rooms, m, family, kind, work, taken, shared, limit):
    """What was taken from one ledger taken from the other (`kind`) too, for the plans whose
    drugs share the medical limit (shared 1.0; 0.0 changes nothing)."""
    for p in range(rooms.shape[2]):
        work[MIRRORED, p] = work[taken, p] * shared[limit, p]
    _take(rooms, m, family, kind, work, MIRRORED)


@njit(**OPTIONS)
def _rooms(start, members, ded, moop):
    """Every room back to the plans' limits (`start`: member deductible, family deductible,
    member MOOP, family MOOP)."""
    for m in range(members):
        ded[m] = start[0]
        moop[m] = start[2]
    ded[members] = start[1]
    moop[members] = start[3]


@njit(**OPTIONS)
def ladder(spending, lows, widths, first, services, shares, per_allowed, per_days,
           terms, flags, start, shared, clean, by_member, parts, by_service, not_covered,
           allowed_total, block_of, owing, made):
    """Every ladder claim of `spending` (members x columns): in slice i (from `lows[i]`,
    `widths[i]` wide) member m spends clip(spending[m] - lows[i], 0, widths[i]), divided among
    services `services[first[i]:first[i + 1]]` by `shares` (allowed per unit `per_allowed`,
    days per unit `per_days`); slices in order, members in turn within a slice (step
    i * members + m).

    `start` holds the rooms each column starts with ((member deductible, family deductible,
    member MOOP, family MOOP), 2, plans) and `shared` the deductible's and the MOOP's `shared`
    rows. Writes the totals (`by_member`, `parts`, `by_service`, `not_covered`,
    `allowed_total`, each with one spare column after those of `spending`) column by column;
    `owing[step, j, block, p]` is set for claim j of a step (`block_of[c]`: column c's block),
    and `made[i, m, block]` where member m spends in slice i in a column of `block`.

    Columns share their history while it is the same (when `clean`: every limit published, so
    that no refusal depends on which claims are owed). Until one of its members stops part-way
    through a slice, a column has had exactly the claims of every other column whose members
    spend in the same slices (same members above $0): all of each slice. One "path" per such
    set of members is worked in the spare column, and a column takes the path's state (copies:
    every float is what its own claims would give) at the step where one of its members stops,
    and goes on alone from there.
    """
    members, columns = spending.shape
    plans = terms.shape[2]
    steps = lows.shape[0] * members
    layout = _layout(shared[0]) + _layout(shared[1])
    ded, moop = np.empty((members + 1, 2, plans)), np.empty((members + 1, 2, plans))
    work = np.empty((WORK_ROWS, plans))
    masks, leave = _paths(spending, lows, widths, clean)
    order = np.argsort(masks * (steps + 1) + leave, kind="mergesort")
    spare, nowhere = np.int64(columns), np.int64(-1)  # the path's column; no block
    path_ded, path_moop = np.empty_like(ded), np.empty_like(moop)
    done, mask = 0, -2  # -2: no path yet
    for n in range(columns):
        c = order[n]
        if masks[c] == 0:  # nobody spends: no claim (a column alone has mask -1)
            continue
        if masks[c] != mask:
            mask, done = masks[c], 0
            _rooms(start, members, path_ded, path_moop)
            _copy(nowhere, spare, by_member, parts, by_service, not_covered, allowed_total)
        for step in range(done, leave[c]):
            i, m = step // members, step % members
            if mask >> m & 1:
                _step(spare, i, m, widths[i], first, services, shares, per_allowed, per_days,
                      terms, flags, shared, layout, path_ded, path_moop, by_member, parts,
                      by_service, not_covered, allowed_total, nowhere, owing, step, work)
        done = max(done, leave[c])
        ded[:] = path_ded
        moop[:] = path_moop
        _copy(spare, c, by_member, parts, by_service, not_covered, allowed_total)
        block = block_of[c]
        for step in range(done):  # the path's claims were this column's too
            i, m = step // members, step % members
            if block >= 0 and mask >> m & 1:
                made[i, m, block] = True
        for step in range(done, steps):
            i, m = step // members, step % members
            amount = min(max(spending[m, c] - lows[i], 0.0), widths[i])
            if amount > 0:
                if block >= 0:
                    made[i, m, block] = True
                _step(c, i, m, amount, first, services, shares, per_allowed, per_days, terms,
                      flags, shared, layout, ded, moop, by_member, parts, by_service,
                      not_covered, allowed_total, block, owing, step, work)


@njit(**OPTIONS)
def _paths(spending, lows, widths, clean):
    """Per column: the members who spend (a bit each; -1 for a column that goes alone from
    the start, every column when not `clean`) and the step where the column leaves their
    path (where one of them first spends less than a whole slice)."""
    members, columns = spending.shape
    steps = lows.shape[0] * members
    masks = np.full(columns, -1, dtype=np.int64)
    leave = np.zeros(columns, dtype=np.int64)
    if not clean:
        return masks, leave
    for c in range(columns):
        masks[c] = 0
        for m in range(members):
            if spending[m, c] > 0:
                masks[c] |= 1 << m
        leave[c] = steps
        for step in range(steps):
            i, m = step // members, step % members
            if masks[c] >> m & 1 and min(max(spending[m, c] - lows[i], 0.0),
                                         widths[i]) < widths[i]:
                leave[c] = step
                break
    return masks, leave


@njit(**OPTIONS)
def _step(c, i, m, amount, first, services, shares, per_allowed, per_days, terms, flags,
          shared, layout, ded, moop, by_member, parts, by_service, not_covered,
          allowed_total, block, owing, step, work):
    """Member m's claims in slice i, `amount` spent in it, in column c."""
    for j in range(first[i], first[i + 1]):
        a = amount * shares[j]
        units = a / per_allowed[j]
        allowed_total[c] += a
        s = services[j]
        if not flags[s, PREVENTIVE]:
            _claim(c, m, s, a, units, units * per_days[j], True, terms, flags, shared, layout,
                   ded, moop, by_member, parts, by_service, not_covered, owing, step,
                   j - first[i], block, work)


@njit(**OPTIONS)
def _copy(source, c, by_member, parts, by_service, not_covered, allowed_total):
    """Column c's totals set to column `source`'s, or to zero for `source` -1."""
    if source < 0:
        by_member[:, c] = 0.0
        parts[:, c] = 0.0
        by_service[:, c] = 0.0
        not_covered[c] = 0.0
        allowed_total[c] = 0.0
    else:
        by_member[:, c] = by_member[:, source]
        parts[:, c] = parts[:, source]
        by_service[:, c] = by_service[:, source]
        not_covered[c] = not_covered[source]
        allowed_total[c] = allowed_total[source]


@njit(**OPTIONS)
def items(members, services, allowed, units, days, fluid, terms, flags, start, shared,
          by_member, parts, by_service, not_covered, allowed_total, owing):
    """Claims k = 0.. in order: member `members[k]`, service `services[k]`, `allowed[k, c]`,
    `units[k, c]` and `days[k, c]` in column c (`start`, `shared`, the totals and
    `owing[k, 0, 0, p]` as for `ladder`; every column is in block 0)."""
    household = by_member.shape[0]
    plans = terms.shape[2]
    layout = _layout(shared[0]) + _layout(shared[1])
    ded, moop = np.empty((household + 1, 2, plans)), np.empty((household + 1, 2, plans))
    work = np.empty((WORK_ROWS, plans))
    for c in range(allowed.shape[1]):
        _rooms(start, household, ded, moop)
        for k in range(services.shape[0]):
            a = allowed[k, c]
            allowed_total[c] += a
            s = services[k]
            if not flags[s, PREVENTIVE]:
                _claim(c, members[k], s, a, units[k, c], days[k, c], fluid[k], terms, flags,
                       shared, layout, ded, moop, by_member, parts, by_service, not_covered,
                       owing, k, 0, 0, work)
