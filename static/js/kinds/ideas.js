/* The ideas kind: people write ideas and vote on them. On the Plan stage the
 * facilitator marks each answer a specified requirement or an open question. */
export var ideas = {
  name: "ideas",
  // The console's add-question form offers each kind with these words.
  offer: "Ideas (the room writes ideas and votes)",
  agendaNote: "",
  marksAnswers: true,
  takesIdeas: true,
  scribeRating: false,
};
