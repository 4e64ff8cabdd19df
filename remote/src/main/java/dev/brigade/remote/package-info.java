/** Running commands and copying files on the cluster's hosts, over SSH or locally. */
package dev.brigade.remote;
