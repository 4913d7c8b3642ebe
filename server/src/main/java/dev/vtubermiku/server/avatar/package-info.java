/**
 * Avatars per character: uploads (VRM models, sprite packs, pictures) checked before anything is
 * kept, stored under DATA_DIR through the store's file layer, described for the overlay, and her
 * portrait when nothing is uploaded. Delivery-neutral: the web layer maps
 * {@link dev.vtubermiku.server.avatar.InvalidAvatarException} to a problem.
 */
@NullMarked
package dev.vtubermiku.server.avatar;

import org.jspecify.annotations.NullMarked;
