/** The catalogue's one test convention (scenarios/catalogue/testing/stories.ts), as this group's tests import it. */
export { scripted, seeded, verdictOf, type Verdict } from '../../testing/stories.js';
