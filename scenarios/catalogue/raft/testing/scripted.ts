/** The catalogue's one test convention (scenarios/catalogue/testing/stories.ts), as this group's tests import it. */
export { kindsOf, runRandom, runScripted, scheduleOf } from '../../testing/stories.js';
