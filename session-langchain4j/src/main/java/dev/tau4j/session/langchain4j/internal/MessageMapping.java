package dev.tau4j.session.langchain4j.internal;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.data.audio.Audio;
import dev.langchain4j.data.image.Image;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.AudioContent;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.Content;
import dev.langchain4j.data.message.ImageContent;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.TextContent;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.tau4j.session.ContentBlock;
import dev.tau4j.session.MediaSource;
import dev.tau4j.session.Message;
import dev.tau4j.session.Role;
import dev.tau4j.session.StoreFailureException;
import dev.tau4j.session.internal.ToolArguments;
import dev.tau4j.session.langchain4j.UnsupportedChatMessageException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * LangChain4j messages to tau4j messages (Tau's format) and back, exactly: what {@link #toSession}
 * accepts, {@link #toLangChain4j} turns back into an equal message; what it cannot keep exactly it
 * refuses with {@link UnsupportedChatMessageException}. Not supported API.
 *
 * <p>Tool call arguments are kept byte for byte ({@link ToolArguments}), so
 * {@link ToolExecutionRequest#equals} holds after a round trip.
 */
public final class MessageMapping {

    private MessageMapping() {
    }

    /** The tau4j message for {@code message}. */
    public static Message toSession(ChatMessage message) {
        if (message == null) {
            throw new UnsupportedChatMessageException("a null message cannot be kept");
        }
        if (message instanceof SystemMessage system) {
            return Message.system(system.text());
        }
        if (message instanceof UserMessage user) {
            return user(user);
        }
        if (message instanceof AiMessage ai) {
            return ai(ai);
        }
        if (message instanceof ToolExecutionResultMessage result) {
            return toolResult(result);
        }
        throw new UnsupportedChatMessageException(message.getClass().getSimpleName() + " (type " + message.type()
                + ") cannot be kept: only system, user, AI and tool result messages map to a session's messages");
    }

    private static Message user(UserMessage user) {
        if (user.name() != null) {
            throw new UnsupportedChatMessageException("UserMessage.name cannot be kept");
        }
        noAttributes("UserMessage", user.attributes());
        Message.Builder builder = Message.builder(Role.USER);
        for (Content content : user.contents()) {
            builder.block(block(content));
        }
        return builder.build();
    }

    private static ContentBlock block(Content content) {
        if (content instanceof TextContent text) {
            return ContentBlock.text(text.text());
        }
        if (content instanceof ImageContent image) {
            if (image.detailLevel() != ImageContent.DetailLevel.LOW) {
                throw new UnsupportedChatMessageException("ImageContent with detail level " + image.detailLevel()
                        + " cannot be kept (only the default, LOW)");
            }
            Image i = image.image();
            if (i.revisedPrompt() != null) {
                throw new UnsupportedChatMessageException("Image.revisedPrompt cannot be kept");
            }
            return ContentBlock.image(source("Image", i.url(), i.base64Data(), i.mimeType()));
        }
        if (content instanceof AudioContent audio) {
            Audio a = audio.audio();
            if (a.binaryData() != null) {
                throw new UnsupportedChatMessageException("Audio given as binary data cannot be kept (give it as base64)");
            }
            return ContentBlock.audio(source("Audio", a.url(), a.base64Data(), a.mimeType()));
        }
        throw new UnsupportedChatMessageException(content.getClass().getSimpleName() + " (type " + content.type()
                + ") cannot be kept: only text, image and audio contents map to a session's blocks");
    }

    private static MediaSource source(String what, URI url, String base64, String mimeType) {
        if (url != null && base64 == null && mimeType == null) {
            return MediaSource.url(url.toString());
        }
        if (url == null && base64 != null && mimeType != null) {
            return MediaSource.base64(mimeType, base64);
        }
        throw new UnsupportedChatMessageException(what + " must be a URL alone, or base64 data with its MIME type");
    }

    private static Message ai(AiMessage ai) {
        if (ai.thinking() != null) {
            throw new UnsupportedChatMessageException("AiMessage.thinking cannot be kept");
        }
        if (!ai.images().isEmpty()) {
            throw new UnsupportedChatMessageException("AiMessage.images cannot be kept");
        }
        noAttributes("AiMessage", ai.attributes());
        Message.Builder builder = Message.builder(Role.ASSISTANT);
        if (ai.text() != null) {
            builder.text(ai.text());
        }
        for (ToolExecutionRequest request : ai.toolExecutionRequests()) {
            if (request.id() == null || request.name() == null) {
                throw new UnsupportedChatMessageException("a ToolExecutionRequest without an id or a name cannot be kept");
            }
            builder.block(ContentBlock.toolCall(request.id(), request.name(), ToolArguments.of(request.arguments())));
        }
        return builder.build();
    }

    private static Message toolResult(ToolExecutionResultMessage result) {
        noAttributes("ToolExecutionResultMessage", result.attributes());
        Message.Builder builder = Message.builder(Role.TOOL).toolCallId(result.id()).toolName(result.toolName())
                .isError(Boolean.TRUE.equals(result.isError()));
        for (Content content : result.contents()) {
            if (!(content instanceof TextContent text)) {
                throw new UnsupportedChatMessageException("a tool result holding " + content.type()
                        + " content cannot be kept (text only)");
            }
            builder.text(text.text());
        }
        return builder.build();
    }

    private static void noAttributes(String type, Map<String, Object> attributes) {
        if (attributes != null && !attributes.isEmpty()) {
            throw new UnsupportedChatMessageException(type + ".attributes cannot be kept");
        }
    }

    /**
     * The LangChain4j message for a session message written by {@link #toSession}.
     *
     * @throws StoreFailureException when the message has a shape {@link #toSession} never writes
     */
    public static ChatMessage toLangChain4j(Message message) {
        switch (message.role()) {
            case SYSTEM:
                return SystemMessage.from(singleText(message));
            case USER: {
                List<Content> contents = new ArrayList<>();
                for (ContentBlock block : message.content()) {
                    contents.add(content(block));
                }
                return UserMessage.from(contents);
            }
            case ASSISTANT: {
                String text = null;
                List<ToolExecutionRequest> requests = new ArrayList<>();
                for (ContentBlock block : message.content()) {
                    if (block instanceof ContentBlock.Text t && text == null && requests.isEmpty()) {
                        text = t.text();
                    } else if (block instanceof ContentBlock.ToolCall call) {
                        requests.add(ToolExecutionRequest.builder().id(call.id()).name(call.name())
                                .arguments(ToolArguments.text(call.arguments())).build());
                    } else {
                        throw unreadable(message);
                    }
                }
                return AiMessage.builder().text(text).toolExecutionRequests(requests).build();
            }
            case TOOL: {
                List<Content> contents = new ArrayList<>();
                for (ContentBlock block : message.content()) {
                    if (!(block instanceof ContentBlock.Text t)) {
                        throw unreadable(message);
                    }
                    contents.add(TextContent.from(t.text()));
                }
                return ToolExecutionResultMessage.builder().id(message.toolCallId()).toolName(message.toolName())
                        .contents(contents).isError(message.isError()).build();
            }
            default:
                throw unreadable(message);
        }
    }

    private static Content content(ContentBlock block) {
        if (block instanceof ContentBlock.Text t) {
            return TextContent.from(t.text());
        }
        if (block instanceof ContentBlock.Image image) {
            return image.source() instanceof MediaSource.Url url ? ImageContent.from(URI.create(url.url()))
                    : ImageContent.from(((MediaSource.Base64) image.source()).data(),
                            ((MediaSource.Base64) image.source()).mimeType());
        }
        if (block instanceof ContentBlock.Audio audio) {
            return audio.source() instanceof MediaSource.Url url ? AudioContent.from(URI.create(url.url()))
                    : AudioContent.from(((MediaSource.Base64) audio.source()).data(),
                            ((MediaSource.Base64) audio.source()).mimeType());
        }
        throw new StoreFailureException("a user message holds a " + block.getClass().getSimpleName()
                + " block, which LangChain4j user messages cannot hold", null);
    }

    private static String singleText(Message message) {
        if (message.content().size() != 1 || !(message.content().get(0) instanceof ContentBlock.Text t)) {
            throw unreadable(message);
        }
        return t.text();
    }

    private static StoreFailureException unreadable(Message message) {
        return new StoreFailureException("a stored " + message.role() + " message has a shape LangChain4j messages "
                + "cannot take (" + message.content().size() + " blocks)", null);
    }
}
