/** The catalogue's one test convention (scenarios/catalogue/testing/stories.ts), as this group's tests import it. */
export { kindsOf, runDesign, scheduleOf } from '../../testing/stories.js';
