/* Every sentence the phone's script says, in standard and in easy read.
 *
 * Easy read follows Mencap's "Am I making myself clear?" and Inclusion
 * Europe's "Information for all": one idea a sentence, at most 15 words,
 * everyday words. tests/test_easy_read.py reads this file line by line (one
 * entry a line, JSON strings) and checks every easy-read sentence, so keep
 * the shape: `  key: ["standard", "easy read"],`. {n}, {total}, {role} and
 * {text} are filled in by say().
 */
export var WORDS = {
  connected: ["Connected", "Connected"],
  offline: ["Offline: trying to reconnect. Nothing you send is lost.", "No internet. Your work is safe. We keep trying."],
  stage: ["{text} stage", "{text}"],
  new_question: ["A new question is open: {text}", "There is a new question. {text}"],
  closed_said: ["This question has closed.", "This question has closed."],
  held_news: ["The question you are answering has closed. Your words stay in the box until you choose.", "This question has closed. Your words stay in the box."],
  held_new_open: ["A new question is open.", "There is a new question."],
  held_follow: ["Show the new question", "Show the new question"],
  held_keep: ["Keep my words for later", "Keep my words for later"],
  quiet_more_time_sent: ["Thank you. The facilitator can see that someone needs more time.", "Thank you. We know someone needs more time."],
  quiet_not_understood_sent: ["Thank you. The facilitator can see that someone does not understand.", "Thank you. We know someone does not understand."],
  quiet_already: ["You have already said this for this question.", "You said this already."],
  ended_said: ["This workshop has ended. Thank you.", "The meeting has ended. Thank you."],
  ended_kept: ["These words were not sent: the workshop ended first. They are kept on this phone.", "These words were not sent. The meeting ended first."],
  votes_not_counted_one: ["1 vote you made was not counted: the workshop ended before it arrived.", "Your vote did not get to us before the end. It was not counted."],
  votes_not_counted: ["{n} votes you made were not counted: the workshop ended before they arrived.", "Your {n} votes did not get to us before the end. They were not counted."],
  orders_not_counted_one: ["Your latest order of the list was not counted: the workshop ended before it arrived.", "Your new order did not get to us before the end. It was not counted."],
  orders_not_counted: ["Your latest orders of {n} lists were not counted: the workshop ended before they arrived.", "Your new orders for {n} lists did not get to us before the end. They were not counted."],
  votes_still_count_one: ["1 vote you took back still counts: the workshop ended before your change arrived.", "You tried to take back your vote. The meeting ended first. Your vote still counts."],
  votes_still_count: ["{n} votes you took back still count: the workshop ended before your changes arrived.", "You tried to take back {n} votes. The meeting ended first. These {n} votes still count."],
  ended_kept_said: ["Your words that were not sent are kept on this phone.", "Your words were not sent. They are kept on this phone."],
  copied: ["Copied. You can paste them into a message or a note.", "Copied. You can paste them into a message."],
  copy_by_hand: ["Your words are selected. Use your phone's Copy to keep them.", "Your words are picked out. Press Copy on your phone."],
  ended_kept_help: ["Nothing more can be sent. You can copy the words to keep them, or delete them.", "You cannot send them now. You can copy them. Or you can delete them."],
  new_box: ["This is a new question, so the box is empty.", "This is a new question. The box is empty."],
  kept_above: ["Your words for the last question are kept above.", "Your words from before are kept at the top."],
  closed_kept: ["This question has closed. Your words are kept here.", "This question has closed. Your words are kept here."],
  kept_next: ["You can send them to the question open now, or as a story.", "You can send them to the new question. Or send them as a story."],
  kept_wait: ["When the next question opens you can send them there, or send them as a story now.", "You can send them as a story now. Or wait for the next question."],
  kept_sent_box: ["Your words are in the box. Check them, then press Send idea.", "Your words are in the box. Check them. Then press Send."],
  story_moved: ["Your words are in the story box. Choose whether we may quote them, then press Send story.", "Your words are in the story box. Pick Yes or No. Then press Send."],
  kept_gone: ["Your kept words are deleted.", "Your words are deleted."],
  closing_soon: ["The facilitator will close this question in about one minute. Your words will be kept.", "This question ends in about one minute. Your words will be kept."],
  about_minutes: ["About {n} minutes left for this question.", "About {n} minutes left."],
  about_one: ["About 1 minute left for this question.", "About 1 minute left."],
  under_one: ["Less than a minute left. Take the time you need.", "Not long left. Your words will be kept."],
  time_up: ["The time is up. You can still finish what you are writing.", "The time is up. You can still finish writing."],
  closing_near_send: ["About one minute left. Your words will be kept if it closes.", "About one minute left. Your words will be kept."],
  write_first: ["Please write your idea before sending.", "Please write something first."],
  write_story_first: ["Please write your story before sending.", "Please write something first."],
  too_long: ["That is {n} characters: please keep it under {total}.", "This is too long. Please make it shorter."],
  chars: ["{n} of {total} characters.", ""],
  chars_over: ["{n} characters too many.", "This is too long."],
  no_question: ["There is no open question just now.", "There is no question yet."],
  idea_sent: ["Idea sent. Thank you.", "Thank you. We got your idea."],
  idea_waiting: ["Idea sent. Thank you. It will appear once the facilitator has checked it.", "Thank you. We got your idea. It will show soon."],
  held: ["Not sent yet: {why} It stays saved on this phone and is sent again by itself.", "Not sent yet. {why} Your work is safe. We will send it again for you."],
  idea_offline: ["You are offline. Your idea is saved and will be sent when you are back online.", "No internet. Your idea is saved. It will send later."],
  idea_back: ["Your idea is back in the box.", "Your idea is still there."],
  story_sent: ["Story sent. Thank you.", "Thank you. We got your story."],
  story_offline: ["You are offline. Your story is saved and will be sent when you are back online.", "No internet. Your story is saved. It will send later."],
  quote_needed: ["Please choose whether we may quote your words.", "Please pick Yes or No. Can we use your words?"],
  outcome_needed: ["Please choose which outcome your answer is about, or the whole plan.", "Please pick which good thing your answer is about."],
  vote_counted: ["Vote counted. {n} left.", "Your vote is counted. You have {n} left."],
  vote_back: ["Vote taken back. {n} left.", "Your vote is taken back. You have {n} left."],
  vote_offline: ["You are offline. Your vote is saved and will be sent when you are back online.", "No internet. Your vote is saved. It will send later."],
  unvote_offline: ["You are offline. Your vote will be taken back when you are back online.", "No internet. We will take your vote back later."],
  vote_pending: ["Your vote will be sent when you are back online.", "Your vote is saved. It will send soon."],
  no_dots: ["You have used all your votes for this question. Take one back to vote for something else.", "You have no votes left. Take one back first."],
  dots_left: ["You have {n} of {total} votes left.", "You have {n} left."],
  dot: [" vote", " vote"],
  dots: [" votes", " votes"],
  vote: ["Vote", "Vote for this"],
  unvote: ["Take my vote back", "Take my vote back"],
  vote_for: ["Vote for: {text}", "Vote for this idea: {text}"],
  unvote_from: ["Take my vote back from: {text}", "Take my vote back from this idea: {text}"],
  votes_count: ["{n} votes", "{n} votes"],
  vote_count: ["1 vote", "1 vote"],
  waiting_label: ["Your idea is waiting to be checked. It shows here once the facilitator has seen it.", "Your idea is waiting to be checked. It will show soon."],
  no_ideas: ["No ideas yet. Yours could be the first.", "No ideas yet."],
  no_ideas_checked: ["Ideas show here once the facilitator has checked them.", "Ideas show here when they are checked."],
  ideas_total: ["{n} ideas. Each phone lists them in its own order.", "There are {n} ideas."],
  ideas_one: ["1 idea.", "There is 1 idea."],
  found: ["{n} ideas match.", "{n} ideas have these words."],
  found_one: ["1 idea matches.", "1 idea has these words."],
  none_found: ["No idea matches. Try fewer or shorter words.", "No ideas have these words. Try one word."],
  only_mine: ["Only my votes ({n})", "Show my votes ({n})"],
  show_all: ["Show every idea", "Show all ideas"],
  group_mine: ["Your ideas", "Your ideas"],
  group_new: ["New since you last looked", "New ideas"],
  group_rest: ["All the other ideas", "More ideas"],
  group_theme: ["Theme: {text}", "Ideas about: {text}"],
  theme_ideas: ["{n} ideas in this theme", "{n} ideas are in this group."],
  theme_one_idea: ["1 idea in this theme", "1 idea is in this group."],
  theme_vote_for: ["Vote for the theme: {text}", "Vote for this group: {text}"],
  theme_vote_now: ["The votes now go on the themes, not on single ideas.", "Now you vote for groups of ideas."],
  idea_vote_now: ["The votes go on single ideas again.", "Now you vote for ideas again."],
  theme_unvote_from: ["Take my vote back from the theme: {text}", "Take my vote back from this group: {text}"],
  group_no_theme: ["Ideas in no theme", "Other ideas"],
  in_theme: ["Your idea is in the theme: {text}", "Your idea is in this group: {text}."],
  own_in_theme: ["Your idea is in this theme: “{text}”", "Your idea is in this group: “{text}”"],
  not_meant: ["That is not what I meant", "That is not what I meant"],
  not_meant_for: ["That is not what I meant: {text}", "That is not what I meant: {text}"],
  not_meant_sent: ["Thank you. The facilitator will see that this is not what you meant.", "Thank you. The person running the day will see this."],
  not_meant_said: ["You said this is not what you meant. The facilitator can see it.", "You told us this is wrong. We will look at it."],
  by_supporter: [" (written by a supporter)", "A helper wrote it for them."],
  expert: ["★ Expert by experience: ", "★ This person gets care and support."],
  from_role: ["{role}", "From: {role}."],
  new_ideas: ["{n} new ideas: show them", "{n} new ideas. Show them."],
  new_idea: ["1 new idea: show it", "1 new idea. Show it."],
  new_ideas_said: ["New ideas have come in. The button after the list shows them.", "There are new ideas. The button after the list shows them."],
  shown_new: ["The new ideas are at the top of the list.", "The new ideas are at the top."],
  me: ["Me", "Me"],
  for_someone: ["Someone I support: {role}", "Someone I help: {role}"],
  joined_as: ["You joined as: {role}.", "You said: {role}."],
  // A supporter's phone speaks for the person they help: "You said" was read as the supporter.
  helping_as: ["You are helping someone who joined as: {role}.", "The person you help said: {role}."],
  me_helped: ["The person I am helping", "The person I help"],
  me_own: ["Me ({role})", "Me. {role}"],
  role_saved: ["Thank you. From now on you are: {role}. Ideas you sent before stay as they were.", "Thank you. We changed who you are. Old ideas stay the same."],
  role_same: ["That is already your answer.", "That is your answer already."],
  role_pick: ["Please choose one.", "Please pick one."],
  listen: ["Listen", "Listen"],
  stop: ["Stop", "Stop"],
  cannot_speak: ["This phone cannot read aloud.", "This phone cannot read out loud."],
  went_wrong: ["Something went wrong. Please try again.", "Something went wrong. Please try again."],
};

export function easyRead() { return document.body.classList.contains("easy-read"); }

/* The words for `key` in the page's current mode (or in easy read if `easy`
 * is given and true, standard if false), with {name}s filled in. */
export function w(key, vars, easy) {
  var pair = WORDS[key];
  var text = pair ? pair[(easy === undefined ? easyRead() : easy) ? 1 : 0] : key;
  Object.keys(vars || {}).forEach(function (name) { text = text.split("{" + name + "}").join(String(vars[name])); });
  return text;
}

/* "1 vote" or "3 votes": the phone, the console, the board, the report and
 * the facilitator's guide all say votes. `dots` is the code's name for a
 * person's budget of votes on a question (dot voting), never a word on screen. */
export function dots(n) { return n + (n === 1 ? w("dot") : w("dots")); }

/* A refusal in the page's mode: every error the server sends carries its
 * easy-read words (workshop/room/error_words.py, one table for every code). */
export function errorText(error) {
  if (easyRead()) return error.easy_read || WORDS.went_wrong[1];
  return error.message || WORDS.went_wrong[0];
}
