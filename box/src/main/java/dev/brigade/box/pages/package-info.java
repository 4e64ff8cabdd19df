/** The box's own pages: problems first, host and service detail, events, actions, the JSON API. */
package dev.brigade.box.pages;
