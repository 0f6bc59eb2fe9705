export { newTimeOrderedId, timeOfTimeOrderedId } from "./new-time-ordered-id";
