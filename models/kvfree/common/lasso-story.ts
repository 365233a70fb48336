/**
 * The story of a kvfree liveness violation (`eventual-free`, `monitor-drains`) read off its lasso:
 * how the object got where it is (story.ts's events), where it sits during the cycle, what the
 * cycle does (or that it stutters: nothing is enabled), and why nothing moves the object: the
 * monitor of its krcp is never armed, its batch's rcu_work is never queued, or it is on no list.
 *
 * Why this file exists: a lasso's explanation must come from the lasso itself (the cycle's
 * states), as the safety stories come from their traces, so that a test can pin the mechanism.
 *
 * What it must not do: run searches or decide a verdict (the leadsTo properties and the liveness
 * checker do); it only reads the typed states of the trace it is given.
 */
import type { KvState } from './kstate.js';
import { barrierLostArm, objectEvents, placeOf, placeText, samePlace, typedStates, type Story, type StoryTrace } from './story.js';

/** The object the lasso strands: the failing instance (eventual-free), or the first object that stays on krcp `instance` through the cycle (monitor-drains). */
function strandedObject(property: string, t: StoryTrace, cycle: readonly KvState[], placeAt: (s: KvState, o: number) => ReturnType<typeof placeOf>): number {
  const n = cycle[0].objs.length;
  if (property === 'eventual-free') return t.instance ?? cycle[0].objs.findIndex((o) => o.accepted && o.frees === 0);
  const x = t.instance ?? 0;
  for (let o = 0; o < n; o++) if (cycle.every((s) => { const p = placeAt(s, o); return p.at === 'krcp' && p.cpu === x; })) return o;
  return -1;
}

/** The story of a liveness violation along lasso `t` (null without a lasso or an object to follow). */
export function lassoStory(property: string, t: StoryTrace): Story | null {
  const read = typedStates(t);
  if (read === null || read.states.length === 0) return null;
  const { c, states } = read;
  const last = states.length - 1;
  const loop = t.loop ?? last;
  const cycle = states.slice(loop);
  const o = strandedObject(property, t, cycle, (s, i) => placeOf(c, s, i));
  if (o < 0) return null;
  const st = objectEvents(c, t, states, o);
  const places = cycle.map((s) => placeOf(c, s, o));
  const place = places[0];
  const still = places.every((p) => samePlace(p, place));
  const stutter = loop === last;
  const acts = [...new Set(t.steps.slice(loop + 1).map((x) => x.action))];
  const where = `object ${o} is ${placeText(place)}${still ? '' : ' (and moves between places without being freed)'}`;
  st.events.push(
    stutter
      ? `step ${loop} (the cycle): no action is enabled, so the run stutters here forever, and ${where}`
      : `step ${loop} (the cycle): steps ${loop + 1}..${last} repeat forever (${acts.join('; ')}), and throughout ${where}`,
  );
  if (place.at === 'krcp') {
    const armed = cycle.some((s) => {
      const k = s.cpu[place.cpu];
      return k.monitorTodo || k.monPending || k.monRunning;
    });
    st.events.push(
      `step ${loop} (the cycle): the monitor of krcp cpu${place.cpu} is ${armed ? 'armed at some point of the cycle, yet never detaches the object' : 'never armed in the cycle (monitor_todo false, monitor_work idle): no fair step drains the krcp'}`,
    );
    if (!armed) st.mechanism = 'unarmed-monitor';
    const lost = barrierLostArm(c, t, states, o, place.cpu, loop);
    st.events.push(...lost.events);
    if (!armed && lost.mechanism !== null) st.mechanism = lost.mechanism;
  } else if (place.at === 'batch') {
    const pending = cycle.some((s) => s.cpu[place.cpu].krw[place.batch].rwPending || s.cpu[place.cpu].krw[place.batch].rwRunning);
    st.events.push(`step ${loop} (the cycle): that batch's rcu_work is ${pending ? 'queued or running at some point of the cycle' : 'never queued in the cycle: no worker will free it'}`);
    if (!pending) st.mechanism = 'stranded-batch';
  } else if (place.at === 'unlisted') {
    st.events.push(`step ${loop} (the cycle): no list holds the object, so no step can free it`);
    st.mechanism = 'dropped';
  }
  return st;
}
