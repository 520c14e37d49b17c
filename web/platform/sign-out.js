// Sign-out is a same-site POST; the sign-in page follows.
document.getElementById('sign-out')?.addEventListener('click', async () => {
  await fetch('/api/auth/logout', { method: 'POST' });
  location.assign('/login');
});
