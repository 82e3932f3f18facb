import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addCalendarDays,
  agentLevels,
  authorisationFor,
  authorisationState,
  levelForCenter,
  maxAuthorisationDays,
  nextStatus,
  requestStatuses,
  serviceProblem,
  suggestAgent,
  summariseFigures,
  validUntilProblem,
  type AgentCandidate,
  type RequestAction,
} from './rules.ts';

describe('the level that serves a request', () => {
  it('a named park wins; city and province centers go to city agents; districts and the towns and villages under them to district agents', () => {
    expect(levelForCenter('city')).toBe('city');
    expect(levelForCenter('province')).toBe('city');
    expect(levelForCenter('district')).toBe('district');
    expect(levelForCenter('town')).toBe('district');
    expect(levelForCenter('village')).toBe('district');
    expect(levelForCenter('city', '空港经济区')).toBe('park');
    expect(levelForCenter('district', '  ')).toBe('district');
    expect(levelForCenter('district', null)).toBe('district');
  });
});

describe('status transitions', () => {
  const actions: RequestAction[] = ['assign', 'accept', 'complete', 'withdraw'];
  it('follow submitted → assigned → in_progress → completed, with withdrawal and reassignment while open', () => {
    expect(nextStatus('submitted', 'assign')).toBe('assigned');
    expect(nextStatus('assigned', 'assign')).toBe('assigned');
    expect(nextStatus('in_progress', 'assign')).toBe('assigned');
    expect(nextStatus('assigned', 'accept')).toBe('in_progress');
    expect(nextStatus('in_progress', 'complete')).toBe('completed');
    expect(nextStatus('submitted', 'accept')).toBeUndefined();
    expect(nextStatus('assigned', 'complete')).toBeUndefined();
    for (const from of ['submitted', 'assigned', 'in_progress'] as const) expect(nextStatus(from, 'withdraw')).toBe('withdrawn');
  });

  it('nothing leaves a finished request, and every transition lands on a known status', () => {
    fc.assert(
      fc.property(fc.constantFrom(...requestStatuses), fc.constantFrom(...actions), (status, action) => {
        const next = nextStatus(status, action);
        if (status === 'completed' || status === 'withdrawn') expect(next).toBeUndefined();
        if (next !== undefined) expect(requestStatuses).toContain(next);
      }),
    );
  });
});

describe('authorisations', () => {
  const granted = { agentUserId: 'a1', validUntil: '2026-12-31', revokedAt: null };
  it('hold through their last day for the agent they name, are expired the day after, and revoked at once', () => {
    expect(authorisationState(granted, '2026-12-31', 'a1')).toBe('valid');
    expect(authorisationState(granted, '2027-01-01', 'a1')).toBe('expired');
    expect(authorisationState(granted, '2026-06-01', 'a2')).toBe('other_agent');
    expect(authorisationState({ ...granted, revokedAt: new Date() }, '2026-06-01', 'a1')).toBe('revoked');
  });

  it('are valid exactly when not revoked, not past, and for the current agent', () => {
    const day = fc.integer({ min: 0, max: 800 }).map((n) => addCalendarDays('2026-01-01', n));
    fc.assert(
      fc.property(day, day, fc.boolean(), fc.constantFrom('a1', 'a2', null), (validUntil, today, revoked, current) => {
        const state = authorisationState({ agentUserId: 'a1', validUntil, revokedAt: revoked ? new Date() : null }, today, current);
        expect(state === 'valid').toBe(!revoked && today <= validUntil && current === 'a1');
      }),
    );
  });

  it('may be granted from today up to 180 days on', () => {
    expect(validUntilProblem('2026-11-24', '2026-11-24')).toBeUndefined();
    expect(validUntilProblem('2026-11-24', '2026-11-23')).toBe('IN_THE_PAST');
    expect(validUntilProblem('2026-11-24', addCalendarDays('2026-11-24', maxAuthorisationDays))).toBeUndefined();
    expect(validUntilProblem('2026-11-24', addCalendarDays('2026-11-24', maxAuthorisationDays + 1))).toBe('TOO_LONG');
    fc.assert(
      fc.property(fc.integer({ min: -400, max: 400 }), (offset) => {
        const problem = validUntilProblem('2026-02-27', addCalendarDays('2026-02-27', offset));
        expect(problem).toBe(offset < 0 ? 'IN_THE_PAST' : offset > maxAuthorisationDays ? 'TOO_LONG' : undefined);
      }),
    );
  });

  it('a submission rests on the valid one that runs longest; otherwise it is refused as expired (for this agent) or missing', () => {
    const list = [
      { id: 'short', agentUserId: 'a1', validUntil: '2026-12-01', revokedAt: null },
      { id: 'long', agentUserId: 'a1', validUntil: '2027-03-01', revokedAt: null },
      { id: 'gone', agentUserId: 'a1', validUntil: '2027-05-01', revokedAt: new Date() },
    ];
    expect(authorisationFor(list, '2026-11-24', 'a1')).toEqual({ id: 'long' });
    expect(authorisationFor(list, '2027-04-01', 'a1')).toEqual({ refusal: 'AUTHORISATION_EXPIRED' });
    expect(authorisationFor(list, '2026-11-24', 'a2')).toEqual({ refusal: 'AUTHORISATION_REQUIRED' });
    expect(authorisationFor([], '2026-11-24', 'a1')).toEqual({ refusal: 'AUTHORISATION_REQUIRED' });
    expect(authorisationFor([list[2]!], '2026-11-24', 'a1')).toEqual({ refusal: 'AUTHORISATION_REQUIRED' });
  });
});

describe('suggesting an agent', () => {
  const agent = (over: Partial<AgentCandidate>): AgentCandidate => ({ userId: 'u', name: '甲', level: 'district', centerId: 'district', area: null, active: true, openRequests: 0, ...over });
  const place = { level: 'district' as const, lineage: ['town', 'district', 'city'], park: null };

  it('takes the least-loaded active agent of the level on the request’s line of centers', () => {
    const agents = [
      agent({ userId: 'busy', openRequests: 3 }),
      agent({ userId: 'idle', openRequests: 1 }),
      agent({ userId: 'inactive', openRequests: 0, active: false }),
      agent({ userId: 'city', level: 'city', centerId: 'city', openRequests: 0 }),
      agent({ userId: 'elsewhere', centerId: 'other', openRequests: 0 }),
    ];
    expect(suggestAgent(agents, place)?.userId).toBe('idle');
    expect(suggestAgent([], place)).toBeUndefined();
  });

  it('a park request goes only to that park’s agents', () => {
    const agents = [agent({ userId: 'p1', level: 'park', area: '空港经济区', openRequests: 2 }), agent({ userId: 'p2', level: 'park', area: '高新园区', openRequests: 0 })];
    expect(suggestAgent(agents, { level: 'park', lineage: ['district', 'city'], park: '空港 经济区' })?.userId).toBe('p1');
  });

  it('never suggests one who does not fit, and none fits with a smaller load', () => {
    const candidate = fc.record({
      userId: fc.string({ minLength: 1, maxLength: 4 }),
      name: fc.constantFrom('张', '李', '王'),
      level: fc.constantFrom(...agentLevels),
      centerId: fc.constantFrom('town', 'district', 'city', 'other'),
      area: fc.constantFrom(null, '甲园区', '乙园区'),
      active: fc.boolean(),
      openRequests: fc.integer({ min: 0, max: 9 }),
    });
    fc.assert(
      fc.property(fc.array(candidate, { maxLength: 12 }), fc.constantFrom(...agentLevels), fc.constantFrom(null, '甲园区'), (agents, level, park) => {
        const where = { level, lineage: ['town', 'district', 'city'], park: level === 'park' ? park : null };
        const chosen = suggestAgent(agents, where);
        const fitting = agents.filter((a) => a.active && a.level === level && where.lineage.includes(a.centerId) && (level !== 'park' || a.area === where.park));
        if (!chosen) {
          expect(fitting).toHaveLength(0);
        } else {
          expect(fitting).toContain(chosen);
          expect(Math.min(...fitting.map((a) => a.openRequests))).toBe(chosen.openRequests);
        }
      }),
    );
  });
});

describe('service records and project codes', () => {
  it('a service may not be dated in the future and takes 1…720 whole minutes', () => {
    expect(serviceProblem({ date: '2026-11-24', minutes: 30 }, '2026-11-24')).toBeUndefined();
    expect(serviceProblem({ date: '2026-11-25', minutes: 30 }, '2026-11-24')).toMatch(/不能晚于今天/);
    expect(serviceProblem({ date: '2026-11-24', minutes: 0 }, '2026-11-24')).toMatch(/分钟/);
    expect(serviceProblem({ date: '2026-11-24', minutes: 721 }, '2026-11-24')).toMatch(/分钟/);
    expect(serviceProblem({ date: '2026-11-24', minutes: 1.5 }, '2026-11-24')).toMatch(/分钟/);
  });
});

describe('figures', () => {
  it('count distinct companies and projects, services and minutes, and average ratings — overall, per agent, per level', () => {
    const s = (agentUserId: string, level: 'city' | 'district' | 'park', creditCode: string, projectCode: string | null, minutes: number) => ({ requestId: `${creditCode}${projectCode}`, agentUserId, agentName: agentUserId, level, creditCode, projectCode, minutes });
    const figures = summariseFigures(
      [s('甲', 'city', 'C1', 'P1', 30), s('甲', 'city', 'C1', 'P2', 60), s('乙', 'district', 'C2', null, 45), s('乙', 'district', 'C1', 'P1', 15)],
      [{ agentUserId: '甲', level: 'city', score: 5 }, { agentUserId: '乙', level: 'district', score: 4 }, { agentUserId: '乙', level: 'district', score: 3 }],
    );
    expect(figures.total).toEqual({ companies: 2, projects: 2, services: 4, minutes: 150, ratings: 3, averageRating: 4 });
    expect(figures.byAgent.map((a) => [a.name, a.companies, a.projects, a.minutes, a.averageRating])).toEqual([
      ['甲', 1, 2, 90, 5],
      ['乙', 2, 1, 60, 3.5],
    ]);
    expect(figures.byLevel.find((l) => l.level === 'park')).toMatchObject({ services: 0, averageRating: null });
  });

  it('per-agent and per-level services and minutes add up to the total', () => {
    const fact = fc.record({ requestId: fc.string(), agentUserId: fc.constantFrom('a', 'b', 'c'), agentName: fc.constant('x'), level: fc.constantFrom(...agentLevels), creditCode: fc.constantFrom('C1', 'C2'), projectCode: fc.constantFrom(null, 'P1'), minutes: fc.integer({ min: 1, max: 720 }) });
    fc.assert(
      fc.property(fc.array(fact, { maxLength: 30 }), (facts) => {
        const figures = summariseFigures(facts, []);
        for (const key of ['services', 'minutes'] as const) {
          expect(figures.byAgent.reduce((sum, a) => sum + a[key], 0)).toBe(figures.total[key]);
          expect(figures.byLevel.reduce((sum, l) => sum + l[key], 0)).toBe(figures.total[key]);
        }
      }),
    );
  });
});
