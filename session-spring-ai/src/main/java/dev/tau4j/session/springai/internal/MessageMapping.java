package dev.tau4j.session.springai.internal;

import dev.tau4j.session.ContentBlock;
import dev.tau4j.session.MediaSource;
import dev.tau4j.session.Message;
import dev.tau4j.session.Role;
import dev.tau4j.session.StoreFailureException;
import dev.tau4j.session.internal.ToolArguments;
import dev.tau4j.session.springai.UnsupportedMessageException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.springframework.ai.chat.messages.AssistantMessage;
import org.springframework.ai.chat.messages.SystemMessage;
import org.springframework.ai.chat.messages.ToolResponseMessage;
import org.springframework.ai.chat.messages.UserMessage;
import org.springframework.ai.content.Media;
import org.springframework.util.MimeType;

/**
 * Spring AI messages to tau4j messages (Tau's format) and back. A {@link ToolResponseMessage} of n responses
 * becomes n consecutive tool messages, and consecutive tool messages read back as one
 * {@link ToolResponseMessage}; so a window holding two adjacent tool response messages is refused. Message
 * metadata is not kept (like Spring AI's own repositories); what else cannot be kept is refused with
 * {@link UnsupportedMessageException} before anything is written. Not supported API.
 */
public final class MessageMapping {

    /** The only tool call type kept: the one Spring AI's models give. */
    public static final String FUNCTION = "function";

    private MessageMapping() {
    }

    /** The tau4j messages for a Spring AI window, in order. */
    public static List<Message> toSession(List<org.springframework.ai.chat.messages.Message> window) {
        List<Message> messages = new ArrayList<>(window.size());
        boolean previousWasTool = false;
        for (org.springframework.ai.chat.messages.Message message : window) {
            if (message instanceof ToolResponseMessage tool) {
                if (previousWasTool) {
                    throw new UnsupportedMessageException("two adjacent ToolResponseMessages cannot be kept apart: "
                            + "give their responses in one ToolResponseMessage");
                }
                messages.addAll(toolResponses(tool));
                previousWasTool = true;
            } else {
                messages.add(toSession(message));
                previousWasTool = false;
            }
        }
        return messages;
    }

    private static Message toSession(org.springframework.ai.chat.messages.Message message) {
        if (message instanceof SystemMessage system) {
            return Message.system(system.getText());
        }
        if (message instanceof UserMessage user) {
            Message.Builder builder = Message.builder(Role.USER).text(user.getText());
            for (Media media : user.getMedia()) {
                builder.block(media(media));
            }
            return builder.build();
        }
        if (message instanceof AssistantMessage assistant) {
            if (!assistant.getMedia().isEmpty()) {
                throw new UnsupportedMessageException("AssistantMessage media cannot be kept");
            }
            Message.Builder builder = Message.builder(Role.ASSISTANT);
            if (assistant.getText() != null) {
                builder.text(assistant.getText());
            }
            for (AssistantMessage.ToolCall call : assistant.getToolCalls()) {
                if (call.id() == null || call.name() == null) {
                    throw new UnsupportedMessageException("a ToolCall without an id or a name cannot be kept");
                }
                if (!FUNCTION.equals(call.type())) {
                    throw new UnsupportedMessageException("a ToolCall of type '" + call.type()
                            + "' cannot be kept (only type '" + FUNCTION + "')");
                }
                builder.block(ContentBlock.toolCall(call.id(), call.name(), ToolArguments.of(call.arguments())));
            }
            return builder.build();
        }
        throw new UnsupportedMessageException((message == null ? "null" : message.getClass().getSimpleName())
                + " cannot be kept: only system, user, assistant and tool response messages map to a session's messages");
    }

    private static List<Message> toolResponses(ToolResponseMessage tool) {
        if (tool.getResponses().isEmpty()) {
            throw new UnsupportedMessageException("a ToolResponseMessage without responses cannot be kept");
        }
        List<Message> messages = new ArrayList<>();
        for (ToolResponseMessage.ToolResponse response : tool.getResponses()) {
            if (response.responseData() == null) {
                throw new UnsupportedMessageException("a ToolResponse without response data cannot be kept");
            }
            messages.add(Message.builder(Role.TOOL).toolCallId(response.id()).toolName(response.name())
                    .text(response.responseData()).build());
        }
        return messages;
    }

    private static ContentBlock media(Media media) {
        MimeType type = media.getMimeType();
        if (!(media.getData() instanceof byte[] bytes)) {
            throw new UnsupportedMessageException("media of type " + type + " given as "
                    + media.getData().getClass().getSimpleName() + " cannot be kept (give its bytes)");
        }
        if (media.getId() != null) {
            throw new UnsupportedMessageException("Media.id cannot be kept");
        }
        MediaSource source = MediaSource.base64(type.toString(), Base64.getEncoder().encodeToString(bytes));
        if ("image".equals(type.getType())) {
            return ContentBlock.image(source);
        }
        if ("audio".equals(type.getType())) {
            return ContentBlock.audio(source);
        }
        throw new UnsupportedMessageException("media of type " + type + " cannot be kept (images and audio only)");
    }

    /**
     * The Spring AI window for tau4j messages written by {@link #toSession(List)}.
     *
     * @throws StoreFailureException when a message has a shape {@link #toSession(List)} never writes
     */
    public static List<org.springframework.ai.chat.messages.Message> toSpring(List<Message> messages) {
        List<org.springframework.ai.chat.messages.Message> window = new ArrayList<>(messages.size());
        List<ToolResponseMessage.ToolResponse> responses = new ArrayList<>();
        for (Message message : messages) {
            if (message.role() == Role.TOOL) {
                responses.add(new ToolResponseMessage.ToolResponse(message.toolCallId(), message.toolName(),
                        singleText(message)));
                continue;
            }
            flush(responses, window);
            window.add(toSpring(message));
        }
        flush(responses, window);
        return window;
    }

    private static void flush(List<ToolResponseMessage.ToolResponse> responses,
            List<org.springframework.ai.chat.messages.Message> window) {
        if (!responses.isEmpty()) {
            window.add(ToolResponseMessage.builder().responses(List.copyOf(responses)).build());
            responses.clear();
        }
    }

    private static org.springframework.ai.chat.messages.Message toSpring(Message message) {
        switch (message.role()) {
            case SYSTEM:
                return new SystemMessage(singleText(message));
            case USER: {
                List<ContentBlock> blocks = message.content();
                if (blocks.isEmpty() || !(blocks.get(0) instanceof ContentBlock.Text text)) {
                    throw unreadable(message);
                }
                List<Media> media = new ArrayList<>();
                for (ContentBlock block : blocks.subList(1, blocks.size())) {
                    MediaSource source = block instanceof ContentBlock.Image image ? image.source()
                            : block instanceof ContentBlock.Audio audio ? audio.source() : null;
                    if (!(source instanceof MediaSource.Base64 data)) {
                        throw unreadable(message);
                    }
                    media.add(Media.builder().mimeType(MimeType.valueOf(data.mimeType()))
                            .data(Base64.getDecoder().decode(data.data())).build());
                }
                return UserMessage.builder().text(text.text()).media(media).build();
            }
            case ASSISTANT: {
                String text = null;
                List<AssistantMessage.ToolCall> calls = new ArrayList<>();
                for (ContentBlock block : message.content()) {
                    if (block instanceof ContentBlock.Text t && text == null && calls.isEmpty()) {
                        text = t.text();
                    } else if (block instanceof ContentBlock.ToolCall call) {
                        calls.add(new AssistantMessage.ToolCall(call.id(), FUNCTION, call.name(),
                                ToolArguments.text(call.arguments())));
                    } else {
                        throw unreadable(message);
                    }
                }
                return AssistantMessage.builder().content(text).toolCalls(calls).build();
            }
            default:
                throw unreadable(message);
        }
    }

    private static String singleText(Message message) {
        if (message.content().size() != 1 || !(message.content().get(0) instanceof ContentBlock.Text t)) {
            throw unreadable(message);
        }
        return t.text();
    }

    private static StoreFailureException unreadable(Message message) {
        return new StoreFailureException("a stored " + message.role() + " message has a shape Spring AI messages "
                + "cannot take (" + message.content().size() + " blocks)", null);
    }
}
