package dev.vtubermiku.server.character;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vtubermiku.core.character.CharacterCatalog;
import dev.vtubermiku.core.character.Persona;
import dev.vtubermiku.core.event.EventBus;
import dev.vtubermiku.core.event.Severity;
import dev.vtubermiku.protocol.CharacterInfo;
import dev.vtubermiku.protocol.CharacterRemoval;
import dev.vtubermiku.protocol.CharacterRequest;
import dev.vtubermiku.protocol.CharacterSwitched;
import dev.vtubermiku.protocol.Problem.FieldError;
import dev.vtubermiku.server.store.AppStateDao;
import dev.vtubermiku.server.store.CharacterDao;
import dev.vtubermiku.server.store.CharacterRow;
import dev.vtubermiku.server.store.Database;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.LongConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The characters: create, edit, archive, switch, import and export SillyTavern cards, and the
 * starter characters. Also the chat engine's {@link CharacterCatalog}. Switching and deleting are
 * serialised, so the active character is always one that exists.
 */
public final class Characters implements CharacterCatalog {

    private static final Logger log = LoggerFactory.getLogger(Characters.class);
    /** The starter characters, seeded once on first start, in this order (the first is active). */
    static final List<String> STARTERS = List.of("miku", "professor-kuro", "luna");
    static final int MAX_NAME = 200;
    static final int MAX_TEXT = 32_000;
    private static final Pattern CHAR_MACRO = Pattern.compile("(?i)\\{\\{char}}|<BOT>");
    private static final Pattern USER_MACRO = Pattern.compile("(?i)\\{\\{user}}|<USER>");
    /** Who the character talks to, in card text: the streamer. */
    static final String USER_NAME = "Streamer";
    private static final Pattern VOICE = Pattern.compile("[\\p{L}\\p{N}_.:#+-]{1,200}");

    private final Database database;
    private final EventBus bus;
    private final Clock clock;
    private final CardPictures pictures;
    private final ObjectMapper json;
    private final Object lock = new Object();
    private final List<LongConsumer> deleted = new CopyOnWriteArrayList<>();

    public Characters(Database database, EventBus bus, Clock clock, Path avatarDir, ObjectMapper json) {
        this.database = database;
        this.bus = bus;
        this.clock = clock;
        this.pictures = new CardPictures(avatarDir);
        this.json = json;
    }

    // --- the chat engine's view -------------------------------------------------------------

    @Override
    public Optional<Persona> find(long id) {
        return reader().find(id).filter(row -> !row.archived()).map(this::persona);
    }

    @Override
    public Persona active() {
        return persona(activeRow());
    }

    // --- reading ----------------------------------------------------------------------------

    public List<CharacterInfo> list(boolean includeArchived) {
        long active = activeRow().id();
        List<CharacterRow> rows = includeArchived ? reader().listAll() : reader().list();
        return rows.stream().map(row -> info(row, active)).toList();
    }

    /** A character, archived ones included (their history still names them). */
    public CharacterInfo get(long id) {
        return info(row(id), activeRow().id());
    }

    // --- changing ---------------------------------------------------------------------------

    public CharacterInfo create(CharacterRequest request) {
        CharacterDao.Fields fields = validate(request);
        long id = writer().insert(fields, clock.instant());
        log.info("Created character {} \"{}\"", id, fields.name());
        return get(id);
    }

    public CharacterInfo update(long id, CharacterRequest request) {
        CharacterDao.Fields fields = validate(request);
        CharacterRow row = row(id);
        CharacterDao.Fields stored = new CharacterDao.Fields(fields.name(), fields.profile(), fields.personality(),
                fields.avatarUrl(), fields.greeting(), fields.exampleDialogue(), fields.voice(),
                row.fields().card() == null ? null : card(row).with(fields).toString());
        writer().update(id, stored, clock.instant());
        return get(id);
    }

    /** Gives her a voice (a trained one, when its run completes); everything else about her stays. */
    public CharacterInfo assignVoice(long id, String voice) {
        CharacterInfo c = get(id);
        return update(id, new CharacterRequest(c.name(), c.profile(), c.personality(), c.avatarUrl(), c.greeting(),
                c.exampleDialogue(), voice));
    }

    /** Deletes her, or archives her when she has history; the last live character stays. */
    public CharacterRemoval remove(long id) {
        synchronized (lock) {
            CharacterRow row = liveRow(id);
            if (reader().list().size() <= 1) {
                throw new CharacterConflictException("\"" + row.fields().name() + "\" is the only character left; create another "
                        + "before deleting her.");
            }
            long activeBefore = activeRow().id();
            boolean archived = writer().deleteOrArchive(id, clock.instant());
            log.info("{} character {} \"{}\"", archived ? "Archived" : "Deleted", id, row.fields().name());
            if (!archived) { // gone for good: so are the files that were hers
                pictures.delete(id);
                deleted.forEach(listener -> listener.accept(id));
            }
            long active = activeBefore;
            if (activeBefore == id) {
                CharacterRow next = reader().list().getFirst();
                activate(next, id);
                active = next.id();
            }
            return new CharacterRemoval(id, archived, active);
        }
    }

    /** Told the id of each character deleted for good (not archived), to remove what else was hers. */
    public void onDeleted(LongConsumer listener) {
        deleted.add(listener);
    }

    /** Brings an archived character back. */
    public CharacterInfo restore(long id) {
        row(id);
        writer().setArchived(id, null, clock.instant());
        return get(id);
    }

    public CharacterSwitched switchTo(long id) {
        synchronized (lock) {
            CharacterRow target = liveRow(id);
            long previous = activeRow().id();
            return activate(target, previous);
        }
    }

    private CharacterSwitched activate(CharacterRow target, long previous) {
        database.writeDao(AppStateDao.class).put(AppStateDao.ACTIVE_CHARACTER, Long.toString(target.id()), clock.instant());
        String name = target.fields().name();
        CharacterSwitched switched = new CharacterSwitched(target.id(), name, previous);
        bus.publish(switched, Severity.INFO, "Switched to " + name);
        return switched;
    }

    // --- cards ------------------------------------------------------------------------------

    /** Imports a SillyTavern card (JSON, or PNG with the card inside) as a new character. */
    public CharacterInfo importCard(byte[] file) {
        CardFiles.Read read = CardFiles.read(file, json);
        CharacterDao.Fields fields = read.card().fields(null);
        checkLengths(fields);
        long id = writer().insert(fields, clock.instant());
        if (read.image() != null && fields.avatarUrl() == null) {
            try {
                pictures.save(id, read.image());
                writer().updateAvatar(id, CardPictures.url(id), clock.instant());
            } catch (IOException | UncheckedIOException e) {
                log.warn("Imported character {} without her picture: {}", id, e.getMessage());
            }
        }
        log.info("Imported character {} \"{}\" from a {} card", id, fields.name(), read.card().isV3() ? "V3" : "V2");
        return get(id);
    }

    /** Her card as JSON (V2, or V3 for a character imported from a V3 card). */
    public JsonNode cardJson(long id) {
        CharacterRow row = row(id);
        return card(row).with(row.fields()).json();
    }

    /** Her card inside her picture (a plain portrait when she has none). */
    public byte[] cardPng(long id) {
        CharacterRow row = row(id);
        byte[] image = null;
        Optional<Path> avatar = pictures.find(id);
        if (CardPictures.url(id).equals(row.fields().avatarUrl()) && avatar.isPresent()) {
            try {
                image = Files.readAllBytes(avatar.get());
            } catch (IOException e) {
                log.warn("Cannot read the picture of character {}; exporting a plain one: {}", id, e.getMessage());
            }
        }
        return CardFiles.png(card(row).with(row.fields()), image);
    }

    /** Her picture as this app stores it (from an imported PNG card), if she has one. */
    public Optional<Path> avatar(long id) {
        row(id);
        return pictures.find(id);
    }

    /** The file name a card download should have. */
    public String fileName(long id, String extension) {
        String name = row(id).fields().name().replaceAll("[^\\p{L}\\p{N}_-]+", "_");
        return (name.isBlank() ? "character-" + id : name) + "." + extension;
    }

    // --- starters ---------------------------------------------------------------------------

    /** Seeds the starter characters the first time the app starts (never again, even if deleted). */
    public void seedStarters() {
        if (database.readDao(AppStateDao.class).get(AppStateDao.STARTERS_SEEDED).isPresent()) {
            return; // every start after the first: the cards are not even read
        }
        List<CharacterDao.Fields> starters = new ArrayList<>();
        for (String name : STARTERS) {
            String resource = "/characters/" + name + ".json";
            try (InputStream in = Characters.class.getResourceAsStream(resource)) {
                if (in == null) {
                    throw new IllegalStateException("missing resource " + resource);
                }
                starters.add(CardFiles.read(in.readAllBytes(), json).card().fields(null));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        List<Long> ids = writer().seedOnce(starters, clock.instant());
        if (!ids.isEmpty()) {
            log.info("Added the starter characters: {}", starters.stream().map(CharacterDao.Fields::name).toList());
        }
    }

    // --- helpers ----------------------------------------------------------------------------

    private CharacterRow activeRow() {
        Optional<CharacterRow> chosen = database.readDao(AppStateDao.class).get(AppStateDao.ACTIVE_CHARACTER)
                .flatMap(value -> parseId(value).flatMap(reader()::find))
                .filter(row -> !row.archived());
        return chosen.or(() -> reader().list().stream().findFirst())
                .orElseThrow(() -> new IllegalStateException("There are no characters. Create one with POST /api/characters."));
    }

    private static Optional<Long> parseId(String value) {
        try {
            return Optional.of(Long.parseLong(value));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private CharacterRow row(long id) {
        return reader().find(id).orElseThrow(() -> new CharacterNotFoundException(id, ""));
    }

    private CharacterRow liveRow(long id) {
        CharacterRow row = row(id);
        if (row.archived()) {
            throw new CharacterNotFoundException(id, " (she is archived; POST /api/characters/" + id + "/restore brings her back)");
        }
        return row;
    }

    private Persona persona(CharacterRow row) {
        CharacterDao.Fields f = row.fields();
        String scenario = f.card() == null ? "" : card(row).scenario().strip();
        String profile = scenario.isEmpty() ? f.profile() : f.profile().strip() + "\n\nScenario: " + scenario;
        String name = f.name();
        return new Persona(row.id(), name, expand(profile, name), expand(f.personality(), name),
                expand(f.greeting(), name), expand(f.exampleDialogue(), name), f.voice());
    }

    /** SillyTavern's placeholders ({{char}}, {{user}} and the older <BOT>, <USER>) in card text. */
    static String expand(String text, String name) {
        return CHAR_MACRO.matcher(USER_MACRO.matcher(text).replaceAll(USER_NAME))
                .replaceAll(Matcher.quoteReplacement(name));
    }

    private static CharacterInfo info(CharacterRow row, long active) {
        CharacterDao.Fields f = row.fields();
        return new CharacterInfo(row.id(), f.name(), f.profile(), f.personality(), f.avatarUrl(), f.greeting(),
                f.exampleDialogue(), f.voice(), row.id() == active, row.archived(), row.createdAt(), row.updatedAt());
    }

    private CharacterCard card(CharacterRow row) {
        String stored = row.fields().card();
        if (stored == null) {
            return CharacterCard.blank();
        }
        try {
            return CharacterCard.of(json.readTree(stored));
        } catch (IOException | InvalidCardException e) {
            log.warn("The stored card of character {} is unreadable; using her fields alone: {}", row.id(), e.getMessage());
            return CharacterCard.blank();
        }
    }

    private static CharacterDao.Fields validate(CharacterRequest request) {
        List<FieldError> errors = new ArrayList<>();
        String name = request.name() == null ? "" : request.name().strip();
        if (name.isEmpty()) {
            errors.add(new FieldError("name", "is required"));
        }
        String avatar = blankToNull(request.avatarUrl());
        if (avatar != null && (avatar.length() > 2048 || !(avatar.matches("(?i)https?://\\S+") || avatar.matches("/\\S*")))) {
            errors.add(new FieldError("avatar_url", "must be an http(s) URL or a path on this server, at most 2048 characters"));
        }
        String voice = blankToNull(request.voice());
        if (voice != null && !VOICE.matcher(voice).matches()) {
            errors.add(new FieldError("voice", "must be a voice name such as en_US-amy-medium (GET /api/voices lists them)"));
        }
        CharacterDao.Fields fields = new CharacterDao.Fields(name, orEmpty(request.profile()), orEmpty(request.personality()),
                avatar, orEmpty(request.greeting()), orEmpty(request.exampleDialogue()), voice, null);
        errors.addAll(lengthErrors(fields));
        if (!errors.isEmpty()) {
            throw new InvalidCharacterException(errors);
        }
        return fields;
    }

    private static void checkLengths(CharacterDao.Fields fields) {
        List<FieldError> errors = lengthErrors(fields);
        if (!errors.isEmpty()) {
            throw new InvalidCardException("The card's fields are too long: " + new InvalidCharacterException(errors).getMessage());
        }
    }

    private static List<FieldError> lengthErrors(CharacterDao.Fields fields) {
        List<FieldError> errors = new ArrayList<>();
        if (fields.name().length() > MAX_NAME) {
            errors.add(new FieldError("name", "must be at most " + MAX_NAME + " characters"));
        }
        Map<String, String> texts = Map.of("profile", fields.profile(), "personality", fields.personality(),
                "greeting", fields.greeting(), "example_dialogue", fields.exampleDialogue());
        texts.forEach((field, text) -> {
            if (text.length() > MAX_TEXT) {
                errors.add(new FieldError(field, "must be at most " + MAX_TEXT + " characters"));
            }
        });
        return errors;
    }

    private static @Nullable String blankToNull(@Nullable String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    private static String orEmpty(@Nullable String value) {
        return value == null ? "" : value;
    }

    private CharacterDao reader() {
        return database.readDao(CharacterDao.class);
    }

    private CharacterDao writer() {
        return database.writeDao(CharacterDao.class);
    }
}
