package chat

import "example.com/chatd/pb"

// TurnEvent is the wire form of a stored turn, as published on the "turns"
// topic. Consumers older than 2.3 read RunId; it carries the session id.
func TurnEvent(s TurnSnapshot) *pb.TurnEvent {
	return &pb.TurnEvent{
		ConversationId: s.ConversationID,
		Index:          int32(s.Index),
		RunId:          s.RunID,
		SessionId:      s.SessionID,
		Kind:           pb.Kind_KIND_ANSWER,
		Text:           s.Answer,
		AtUnixMs:       s.CreatedAt.UnixMilli(),
	}
}
